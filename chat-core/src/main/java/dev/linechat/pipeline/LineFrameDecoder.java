package dev.linechat.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into lines ending in {@code \n} or {@code \r\n} and strips the terminator.
 *
 * <p>A line longer than the limit is discarded whole, up to its terminator, never passed on in
 * pieces, and a {@link TooLongFrameException} is fired once its end has been seen, so the next line
 * arrives intact. A last line that arrives without a terminator just before the peer closes is still
 * delivered; if it is over the limit, it is reported with a {@link TooLongFrameException} too.
 *
 * <p>The exception tells whether the discarded line was itself an error report (it started with
 * {@code ERROR }), so that {@link OverlongLineHandler} does not answer it: two peers with small
 * limits would otherwise trade notices for ever.
 *
 * <p>Not sharable: it buffers the bytes of an unfinished line, so each channel needs its own.
 */
public final class LineFrameDecoder extends ByteToMessageDecoder {

    private static final byte[] ERROR = {'E', 'R', 'R', 'O', 'R', ' '};

    private final int maxLineLength;
    private boolean discarding;  // skipping an over-long line until its terminator
    private long discarded;      // bytes of that line skipped so far
    private boolean errorReport; // and whether it started with "ERROR "
    private int searched;        // bytes after the reader index already known to hold no '\n'

    /**
     * Creates a decoder for lines of at most {@code maxLineLength} bytes, terminator excluded.
     *
     * @param maxLineLength the largest line accepted, in bytes; must be positive
     */
    public LineFrameDecoder(int maxLineLength) {
        if (maxLineLength <= 0) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int eol = in.indexOf(start + searched, in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            searched = in.readableBytes();
            // One byte of slack: a line of exactly the limit may be waiting for the \n of its \r\n.
            if (discarding || searched > maxLineLength + 1) {
                if (!discarding) {
                    errorReport = isErrorReport(in, start, searched);
                }
                discarding = true;
                discarded += searched;
                in.skipBytes(searched);
                searched = 0;
            }
            return;
        }
        searched = 0;
        int end = eol > start && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
        int length = end - start;
        if (discarding) {
            long total = discarded + length;
            discarding = false;
            discarded = 0;
            in.readerIndex(eol + 1);
            tooLong(ctx, total, errorReport);
        } else if (length > maxLineLength) {
            boolean report = isErrorReport(in, start, length);
            in.readerIndex(eol + 1);
            tooLong(ctx, length, report);
        } else {
            out.add(in.readRetainedSlice(length));
            in.readerIndex(eol + 1);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Every terminated line has been decoded already: what is left has no terminator.
        int length = in.readableBytes();
        if (length > 0 && in.getByte(in.writerIndex() - 1) == '\r') {
            length--;
        }
        if (discarding) {
            long total = discarded + length;
            discarding = false;
            discarded = 0;
            in.skipBytes(in.readableBytes());
            tooLong(ctx, total, errorReport);
        } else if (length > maxLineLength) {
            boolean report = isErrorReport(in, in.readerIndex(), length);
            in.skipBytes(in.readableBytes());
            tooLong(ctx, length, report);
        } else if (in.isReadable()) {
            out.add(in.readRetainedSlice(length));
            in.skipBytes(in.readableBytes());
        }
        searched = 0;
    }

    /** Reports a discarded line; the exception goes down the pipeline, so decoding carries on. */
    private void tooLong(ChannelHandlerContext ctx, long length, boolean errorReport) {
        ctx.fireExceptionCaught(new OverlongLineException(
                "line of " + length + " bytes exceeds the limit of " + maxLineLength + " bytes", errorReport));
    }

    /** Tells whether a line starts with {@code "ERROR "}, or is all of its beginning that can be seen. */
    private static boolean isErrorReport(ByteBuf in, int start, int length) {
        int n = Math.min(length, ERROR.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(start + i) != ERROR[i]) {
                return false;
            }
        }
        return n > 0;
    }

    /** A line over the limit was discarded; says whether it was itself an error report. */
    static final class OverlongLineException extends TooLongFrameException {
        private static final long serialVersionUID = 1L;

        private final boolean errorReport;

        OverlongLineException(String message, boolean errorReport) {
            super(message);
            this.errorReport = errorReport;
        }

        /** Whether the discarded line started with {@code ERROR }: a peer's report, not to be answered. */
        boolean errorReport() {
            return errorReport;
        }
    }
}
