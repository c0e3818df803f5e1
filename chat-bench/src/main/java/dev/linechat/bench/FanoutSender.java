package dev.linechat.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A sender of a fan-out run: sends numbered lines into the room, never more than {@code window}
 * ahead of the slowest receiver. Receivers report each arrival with {@link #delivered}; once a line
 * has reached them all, its slot in the window is free again, and the sender is woken on its own
 * I/O thread to send what the window allows, in one buffer with one flush. Everything else runs on
 * that thread.
 */
final class FanoutSender extends LineHandler {

    private static final String WELCOME = "* welcome, ";

    private final int index;
    private final int window;
    private final long limit;                 // lines to send in all; 0 for as many as time allows
    private final int receivers;
    private final LineFormat format;
    private final Phase phase;
    private final CountDownLatch greeted;
    private final CountDownLatch done;
    private final AtomicIntegerArray arrivals; // by seq % window: how many receivers have the line
    private final AtomicLongArray sentAt;      // by seq % window
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Runnable wake = this::refill;
    private volatile byte[] name;             // in the room, from its welcome; read by receivers
    private ByteBuf pending;
    private long sent;
    private long flushed;
    private long acked;                       // lines every receiver has, all before them too
    private boolean hello;
    private boolean finished;

    FanoutSender(int index, int window, long limit, int receivers, LineFormat format, Phase phase,
            CountDownLatch greeted, CountDownLatch done) {
        this.index = index;
        this.window = window;
        this.limit = limit;
        this.receivers = receivers;
        this.format = format;
        this.phase = phase;
        this.greeted = greeted;
        this.done = done;
        this.arrivals = new AtomicIntegerArray(window);
        this.sentAt = new AtomicLongArray(window);
    }

    /** Returns the sender's name in the room as ASCII bytes, or null if the server never said it. */
    byte[] name() {
        return name;
    }

    /** Returns when line {@code seq}, still in the window, was flushed; for receivers. */
    long sentAt(long seq) {
        return sentAt.get((int) (seq % window));
    }

    /** Counts one receiver's arrival of line {@code seq}; called on the receiver's I/O thread. */
    void delivered(long seq) {
        if (arrivals.incrementAndGet((int) (seq % window)) == receivers && wakeQueued.compareAndSet(false, true)) {
            ctx.channel().eventLoop().execute(wake);
        }
    }

    /** Frees the slots of lines that have reached everyone, then fills the window again. */
    void refill() {
        wakeQueued.set(false);
        while (acked < sent && arrivals.get((int) (acked % window)) >= receivers) {
            arrivals.set((int) (acked % window), 0);
            acked++;
        }
        boolean more = !phase.stopping;
        while (more && sent < acked + window && (limit == 0 || sent < limit)) {
            send();
        }
        flush();
        if (!finished && acked == sent && (phase.stopping || (limit > 0 && sent == limit))) {
            finished = true;
            done.countDown();
        }
    }

    /** Returns how many lines this sender sent; call on its I/O thread once the run is over. */
    long sent() {
        return sent;
    }

    @Override
    void onLine(ByteBuf in, int from, int length) {
        // The sender reads only its welcome; the room's notices and other senders' lines are dropped.
        if (!hello) {
            hello = true;
            String line = in.toString(from, length, StandardCharsets.UTF_8);
            int semicolon = line.indexOf(';');
            if (line.startsWith(WELCOME) && semicolon > WELCOME.length()) {
                name = line.substring(WELCOME.length(), semicolon).getBytes(StandardCharsets.UTF_8);
            }
            greeted.countDown();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!finished) {
            trouble("the server closed sender " + index);
            finished = true;
            done.countDown();
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private void send() {
        if (pending == null) {
            pending = ctx.alloc().directBuffer(Math.min(window, 256) * (format.size() + 1));
        }
        format.write(pending, index, sent++);
    }

    private void flush() {
        if (pending == null) {
            return;
        }
        long now = System.nanoTime();
        for (long seq = flushed; seq < sent; seq++) {
            sentAt.set((int) (seq % window), now);
        }
        flushed = sent;
        ByteBuf out = pending;
        pending = null;
        ctx.writeAndFlush(out, ctx.voidPromise());
    }
}
