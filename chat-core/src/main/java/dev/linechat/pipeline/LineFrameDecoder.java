package dev.linechat.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.util.List;

/**
 * Splits the byte stream into lines ending in {@code \n} or {@code \r\n} and strips the terminator.
 *
 * <p>A line longer than the limit is discarded whole, up to its terminator, and a
 * {@link io.netty.handler.codec.TooLongFrameException} is fired once its end has been seen, so the
 * next line arrives intact. Unlike {@link LineBasedFrameDecoder}, a last line that arrives without a
 * terminator just before the peer closes is still delivered.
 *
 * <p>Not sharable: it buffers the bytes of an unfinished line, so each channel needs its own.
 */
public final class LineFrameDecoder extends LineBasedFrameDecoder {

    private final int maxLineLength;

    /**
     * Creates a decoder for lines of at most {@code maxLineLength} bytes, terminator excluded.
     *
     * @param maxLineLength the largest line accepted, in bytes; must be positive
     */
    public LineFrameDecoder(int maxLineLength) {
        super(maxLineLength, true, false);
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        int end = buffer.writerIndex();
        if (buffer.readableBytes() == maxLineLength + 1 && buffer.getByte(end - 1) == '\r'
                && buffer.indexOf(buffer.readerIndex(), end, (byte) '\n') < 0) {
            // A line of exactly the limit and the CR of its CR LF, the LF not here yet: not too long
            // (yet). Show the decoder the line without the CR, so that it waits, or, if it is already
            // discarding an over-long line, discards this part of it too.
            buffer.writerIndex(end - 1);
            try {
                return super.decode(ctx, buffer);
            } finally {
                buffer.writerIndex(end);
            }
        }
        return super.decode(ctx, buffer);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        // Whatever is left has no terminator (an over-long remainder was skipped by decode already).
        int length = in.readableBytes();
        if (length > 0) {
            if (in.getByte(in.writerIndex() - 1) == '\r') {
                length--;
            }
            out.add(in.readRetainedSlice(length));
            in.skipBytes(in.readableBytes());
        }
    }
}
