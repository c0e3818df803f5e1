package dev.linechat.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CountDownLatch;

/**
 * One connection of an echo run: keeps {@code window} lines in flight, sends a new line for each one
 * that comes back, and checks that each comes back intact and in order. The lines sent while reading
 * one burst go out in one buffer, with one flush. All methods run on the channel's I/O thread.
 */
final class EchoConnection extends LineHandler {

    private final int index;
    private final int window;
    private final LineFormat format;
    private final Phase phase;
    private final CountDownLatch done;
    private final LineReader reader;
    private final SequenceChecker order = new SequenceChecker();
    private final long[] sentAt;    // by seq % window: at most a window of lines is in flight
    private final Tally tally = new Tally();
    private ByteBuf pending;        // lines not yet written
    private long sent;
    private long flushed;           // lines handed to the socket
    private boolean finished;

    EchoConnection(int index, int window, LineFormat format, Phase phase, CountDownLatch done) {
        this.index = index;
        this.window = window;
        this.format = format;
        this.phase = phase;
        this.done = done;
        this.reader = LineReader.unprefixed(format);
        this.sentAt = new long[window];
    }

    /** Sends the first window of lines. */
    void start() {
        for (int i = 0; i < window; i++) {
            send();
        }
        flush();
    }

    @Override
    void onLine(ByteBuf in, int from, int length) {
        LineReader.Kind kind = reader.read(in, from, length);
        if (kind == LineReader.Kind.NOTICE) {
            return;
        }
        if (kind == LineReader.Kind.DATA && reader.parsed.stream == index) {
            long seq = reader.parsed.seq;
            order.accept(seq);
            if (phase.measuring) {
                tally.counted++;
                tally.latency.recordValue(Math.max(0, readAt - sentAt[(int) (seq % window)]));
            }
        } else {
            tally.corrupted++;
        }
        if (!phase.stopping) {
            send();
        } else {
            finishIfIdle();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        flush();
        super.channelReadComplete(ctx);
    }

    /** Reports done once nothing is in flight any more (a corrupted line counts as the answer to one). */
    void finishIfIdle() {
        if (!finished && order.unique() + tally.corrupted >= sent) {
            finish();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!finished) {
            trouble("the server closed connection " + index);
            finish();
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

    /** Returns what this connection saw; call on its I/O thread once the run is over. */
    Tally tally() {
        tally.addStream(order, sent);
        tally.trouble = trouble();
        return tally;
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
            sentAt[(int) (seq % window)] = now;
        }
        flushed = sent;
        ByteBuf out = pending;
        pending = null;
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    private void finish() {
        finished = true;
        done.countDown();
    }
}
