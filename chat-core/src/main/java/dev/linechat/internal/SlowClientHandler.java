package dev.linechat.internal;

import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.time.Duration;

/**
 * The slow-client policy: a connection whose peer does not read fast enough loses lines instead of
 * making the server's memory grow, and is disconnected once it has lost too many.
 *
 * <p>The handler counts the bytes it has let through that the socket has not taken yet: the
 * connection's backlog. While the backlog is below the high-water mark every line goes out. A line
 * that takes it over the mark still goes out, whole, but from then on every line for this connection
 * is dropped, whole (never split), until the backlog has drained to the low-water mark. Each dropped
 * line's write fails with {@link LineDroppedException}. A peer that catches up is told how many
 * lines it missed. Once more than {@code maxDroppedBytes} have been dropped since the peer fell
 * behind, it receives one {@code ERROR} line and is disconnected (see {@link LastWords#sayAndClose}).
 *
 * <p>So the memory a connection holds is bounded by the high-water mark plus one line, and dropping
 * costs nothing, so a slow reader never delays the lines for the others. The backlog is counted here
 * rather than read from {@code Channel.isWritable()}, because Netty also counts writes still queued
 * as tasks from other threads: a room's burst of lines for a fast reader would look like a backlog
 * before its event loop had even run them.
 *
 * <p>It sits between the line encoder and the socket, so it sees each line as one buffer. Empty
 * buffers (used to wait for what is queued), its own notices and lines written with
 * {@link LastWords} go past it.
 * Not sharable: it counts one connection's backlog. Runs on the connection's event loop.
 */
public final class SlowClientHandler extends ChannelDuplexHandler {

    /** The handler's name in a server pipeline. */
    public static final String NAME = "chat-slow-client";

    private final int lowWaterMark;
    private final int highWaterMark;
    private final long maxDroppedBytes;
    private final Duration grace;

    private long backlog;          // bytes let through and not yet written to the socket
    private boolean behind;        // over the high-water mark, and not yet back down to the low one
    private long droppedLines;     // since the peer fell behind
    private long droppedBytes;
    private boolean disconnecting;

    /**
     * Creates the policy for one connection.
     *
     * @param lowWaterMark the backlog, in bytes, at which a peer that fell behind gets lines again
     * @param highWaterMark the backlog, in bytes, past which lines are dropped
     * @param maxDroppedBytes how many bytes may be dropped before the peer is disconnected
     * @param grace how long the disconnect notice may take to drain before the connection is cut off
     */
    public SlowClientHandler(int lowWaterMark, int highWaterMark, long maxDroppedBytes, Duration grace) {
        if (lowWaterMark <= 0 || highWaterMark < lowWaterMark) {
            throw new IllegalArgumentException("water marks must be 0 < low <= high: " + lowWaterMark + ", " + highWaterMark);
        }
        if (maxDroppedBytes < 0) {
            throw new IllegalArgumentException("maxDroppedBytes must not be negative: " + maxDroppedBytes);
        }
        this.lowWaterMark = lowWaterMark;
        this.highWaterMark = highWaterMark;
        this.maxDroppedBytes = maxDroppedBytes;
        this.grace = grace;
    }

    /**
     * Returns the line a peer receives when it catches up after lines were dropped for it.
     *
     * @param lines how many lines it missed
     * @return the notice, without terminator
     */
    public static String missedNotice(long lines) {
        return "* you missed " + lines + (lines == 1 ? " line" : " lines") + ": you were not reading fast enough";
    }

    /**
     * Returns the line a peer receives before it is disconnected for not reading.
     *
     * @param lines how many lines were dropped for it
     * @param bytes how many bytes they held
     * @return the {@code ERROR} line, without terminator
     */
    public static String disconnectNotice(long lines, long bytes) {
        return "ERROR too slow: " + lines + " lines (" + bytes + " bytes) were dropped because you were not reading;"
                + " closing the connection";
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf line) || !line.isReadable()) {
            ctx.write(msg, promise);
        } else if (behind || disconnecting) {
            drop(ctx, line, promise);
        } else {
            int size = line.readableBytes();
            backlog += size;
            behind = backlog >= highWaterMark;
            ChannelPromise written = promise.unvoid();
            written.addListener(done -> drained(ctx, size));
            ctx.write(line, written);
        }
    }

    private void drop(ChannelHandlerContext ctx, ByteBuf line, ChannelPromise promise) {
        if (!disconnecting) {
            droppedLines += lines(line);
            droppedBytes += line.readableBytes();
        }
        line.release();
        if (!promise.isVoid()) { // failing a void promise would fire an exception down the pipeline
            promise.tryFailure(LineDroppedException.INSTANCE);
        }
        if (!disconnecting && droppedBytes > maxDroppedBytes) {
            disconnecting = true;
            LastWords.sayAndClose(ctx.channel(), disconnectNotice(droppedLines, droppedBytes), grace);
        }
    }

    /** Counts the lines in a buffer: a room relays a read burst's lines as one. */
    private static int lines(ByteBuf buffer) {
        int lines = 0;
        for (int i = buffer.readerIndex(); (i = buffer.indexOf(i, buffer.writerIndex(), LineEncoder.TERMINATOR)) >= 0; i++) {
            lines++;
        }
        return Math.max(lines, 1); // raw framing has no terminators: one message is one line
    }

    /** A line left the backlog: written to the socket, or failed because the connection closed. */
    private void drained(ChannelHandlerContext ctx, int size) {
        backlog -= size;
        if (behind && backlog <= lowWaterMark) {
            behind = false;
            if (droppedLines > 0 && !disconnecting && ctx.channel().isActive()) {
                long missed = droppedLines;
                // Not from inside the flush that is completing this write: queue it behind. Past the
                // policy, like last words: a notice does not count towards the backlog.
                ctx.executor().execute(() -> LastWords.write(ctx.channel(), missedNotice(missed)));
            }
            droppedLines = 0;
            droppedBytes = 0;
        }
    }

    /** Tells the writer of a line that it was dropped because the peer was not reading. */
    public static final class LineDroppedException extends IOException {
        private static final long serialVersionUID = 1L;

        /** The only instance: it has no stack trace, since its cause is the peer, not the caller. */
        static final LineDroppedException INSTANCE = new LineDroppedException();

        private LineDroppedException() {
            super("line dropped: the peer is not reading fast enough");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
