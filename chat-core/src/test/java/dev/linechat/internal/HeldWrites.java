package dev.linechat.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for a socket whose peer does not read: first in the pipeline, it holds every write back
 * (its promise not done) until told to let them through.
 */
final class HeldWrites extends ChannelOutboundHandlerAdapter {

    private final List<Object> messages = new ArrayList<>();
    private final List<ChannelPromise> promises = new ArrayList<>();
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        messages.add(msg);
        promises.add(promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // held until letThrough()
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        // The connection is gone: so are the writes it never took.
        messages.forEach(ReferenceCountUtil::release);
        promises.forEach(p -> p.tryFailure(new ClosedChannelException()));
        messages.clear();
        promises.clear();
        ctx.close(promise);
    }

    /** How many writes are held. */
    int held() {
        return messages.size();
    }

    /** Lets every held write through to the channel, as a peer that reads again would. */
    void letThrough() {
        letThrough(messages.size());
    }

    /** Lets the oldest {@code count} held writes through, as a peer that reads a little would. */
    void letThrough(int count) {
        List<Object> out = new ArrayList<>(messages.subList(0, count));
        List<ChannelPromise> done = new ArrayList<>(promises.subList(0, count));
        messages.subList(0, count).clear();
        promises.subList(0, count).clear();
        for (int i = 0; i < out.size(); i++) {
            ctx.write(out.get(i), done.get(i));
        }
        ctx.flush();
    }
}
