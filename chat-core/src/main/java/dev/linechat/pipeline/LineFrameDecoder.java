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

    /**
     * Creates a decoder for lines of at most {@code maxLineLength} bytes, terminator excluded.
     *
     * @param maxLineLength the largest line accepted, in bytes; must be positive
     */
    public LineFrameDecoder(int maxLineLength) {
        super(maxLineLength, true, false);
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
