package dev.linechat.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The echo mode: every line goes back to its sender unchanged. Replies to one read burst are flushed
 * together. Stateless and {@link Sharable}: use {@link #INSTANCE}.
 */
@Sharable
public final class EchoHandler extends ChannelInboundHandlerAdapter {

    /** The single instance. */
    public static final EchoHandler INSTANCE = new EchoHandler();

    private EchoHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }
}
