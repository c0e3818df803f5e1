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
 * <p>Not sharable: it buffers the bytes of an unfinished line, so each channel needs its own.
 */
public final class LineFrameDecoder extends ByteToMessageDecoder {

    private final int maxLineLength;
    private boolean discarding;  // skipping an over-long line until its terminator
    private long discarded;      // bytes of that line skipped so far
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
            tooLong(ctx, total);
        } else if (length > maxLineLength) {
            in.readerIndex(eol + 1);
            tooLong(ctx, length);
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
            tooLong(ctx, total);
        } else if (length > maxLineLength) {
            in.skipBytes(in.readableBytes());
            tooLong(ctx, length);
        } else if (in.isReadable()) {
            out.add(in.readRetainedSlice(length));
            in.skipBytes(in.readableBytes());
        }
        searched = 0;
    }

    /** Reports a discarded line; the exception goes down the pipeline, so decoding carries on. */
    private void tooLong(ChannelHandlerContext ctx, long length) {
        ctx.fireExceptionCaught(new TooLongFrameException(
                "line of " + length + " bytes exceeds the limit of " + maxLineLength + " bytes"));
    }
}
