package dev.linechat.examples;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of the soak's clients, as the handler at the end of its Netty pipeline: it sends its numbered lines
 * (if it is a sender) and checks every soak line it receives. One per channel; all of its methods but
 * {@link #acknowledge()} run on the channel's event loop.
 */
final class SoakClient extends ChannelInboundHandlerAdapter {

    private final int id;
    private final Soak.Tally tally;
    private final int[] nextFrom; // the next number expected from each sender; this channel's thread only
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private volatile Channel channel;
    private volatile long sent;

    SoakClient(int id, Soak.Tally tally) {
        this.id = id;
        this.tally = tally;
        this.nextFrom = new int[tally.clients()];
    }

    long sent() {
        return sent;
    }

    Channel channel() {
        return channel;
    }

    /** Starts sending, from any thread. */
    void start() {
        channel.eventLoop().execute(this::pump);
    }

    /**
     * Records that one of this client's lines has reached its witness, and lets the client send more once
     * half of its window is free. Called on the witness's thread.
     */
    void acknowledge() {
        long acked = acknowledged.incrementAndGet();
        if (sent < tally.lines() && sent - acked <= tally.window() / 2 && pumpScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(() -> {
                pumpScheduled.set(false);
                pump();
            });
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        tally.connected(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String line = (String) msg;
        if (line.startsWith("* ")) { // a notice: welcome, joined, left, farewell
            if (line.startsWith("* welcome, ")) {
                tally.welcomed();
            }
            return;
        }
        receive(line);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.failed(id, cause);
        ctx.close();
    }

    /** Writes lines while the window and the socket allow. */
    private void pump() {
        long limit = Math.min(tally.lines(), acknowledged.get() + tally.window());
        boolean wrote = false;
        while (sent < limit && channel.isWritable()) {
            channel.write(Soak.line(id, (int) sent), channel.voidPromise());
            sent++;
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Checks one soak line: its shape, its content and its sender's order. */
    private void receive(String line) {
        String text = line;
        if (tally.room()) {
            int name = line.indexOf("> ");
            if (!line.startsWith("<") || name < 0) {
                tally.corrupted(line);
                return;
            }
            text = line.substring(name + 2);
        }
        String[] words = text.split(" ", 4);
        int sender;
        int number;
        try {
            if (words.length != 4 || !words[0].equals("soak")) {
                throw new NumberFormatException();
            }
            sender = Integer.parseInt(words[1]);
            number = Integer.parseInt(words[2]);
        } catch (NumberFormatException e) {
            tally.corrupted(line);
            return;
        }
        if (sender < 0 || sender >= nextFrom.length || number < 0 || number >= tally.lines()
                || !words[3].equals(Soak.filler(sender, number))) {
            tally.corrupted(line);
            return;
        }
        int expected = nextFrom[sender];
        if (number == expected) {
            tally.inOrder();
        } else {
            tally.disordered(); // a repeat if lower, a gap if higher
        }
        nextFrom[sender] = Math.max(expected, number + 1);
        if (tally.witnessOf(sender) == id) {
            tally.client(sender).acknowledge();
        }
    }
}
