package dev.linechat.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The decoder of {@link Framing#RAW}: each chunk read from the socket is one message, cut into
 * pieces of at most the limit. In UTF-8, a character split between two reads is held back until its
 * last byte arrives, so that it decodes whole.
 *
 * <p>Not sharable: it may hold the first bytes of a character, so each channel needs its own.
 */
public final class ChunkDecoder extends ByteToMessageDecoder {

    private final int maxChunkLength;
    private final boolean utf8;

    /**
     * Creates a decoder.
     *
     * @param maxChunkLength the largest message, in bytes; a longer chunk becomes several
     * @param utf8 whether the text is UTF-8, whose characters must not be cut
     */
    public ChunkDecoder(int maxChunkLength, boolean utf8) {
        if (maxChunkLength <= 0) {
            throw new IllegalArgumentException("maxChunkLength must be positive: " + maxChunkLength);
        }
        this.maxChunkLength = maxChunkLength;
        this.utf8 = utf8;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        emit(in, utf8 ? endOfWholeCharacters(in) : in.writerIndex(), out);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        emit(in, in.writerIndex(), out); // no more bytes will come: a cut character decodes as U+FFFD
    }

    private void emit(ByteBuf in, int end, List<Object> out) {
        while (in.readerIndex() < end) {
            out.add(in.readRetainedSlice(Math.min(end - in.readerIndex(), maxChunkLength)));
        }
    }

    /** Returns where the last complete UTF-8 sequence ends: the writer index unless one is cut. */
    private static int endOfWholeCharacters(ByteBuf in) {
        int end = in.writerIndex();
        int start = end - 1;
        // Step back over at most three continuation bytes (10xxxxxx) to the lead byte.
        while (start > in.readerIndex() && end - start < 4 && (in.getByte(start) & 0xC0) == 0x80) {
            start--;
        }
        int lead = in.getByte(start) & 0xFF;
        int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return start + length > end ? start : end;
    }
}
