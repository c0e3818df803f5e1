package dev.linechat.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes each outgoing {@link CharSequence} as one line: its bytes in the given charset followed by
 * a single {@code \n}, whatever the platform's line separator.
 *
 * <p>An empty string is a valid message and becomes a bare {@code \n}. Stateless and
 * {@link Sharable}: one instance can serve every channel.
 */
@Sharable
public final class LineEncoder extends MessageToMessageEncoder<CharSequence> {

    /** The line terminator on the wire, on every host. */
    public static final byte TERMINATOR = '\n';

    /** The UTF-8 encoder, shared by every pipeline that uses the default charset. */
    public static final LineEncoder UTF_8 = new LineEncoder(StandardCharsets.UTF_8);

    private final Charset charset;
    private final boolean utf8;

    /**
     * Returns an encoder for the charset: the shared {@link #UTF_8} one, or a new one.
     *
     * @param charset the charset of the text on the wire
     * @return an encoder
     */
    public static LineEncoder of(Charset charset) {
        return StandardCharsets.UTF_8.equals(charset) ? UTF_8 : new LineEncoder(charset);
    }

    /**
     * Creates an encoder for the given charset.
     *
     * @param charset the charset of the text on the wire
     */
    public LineEncoder(Charset charset) {
        super(CharSequence.class);
        this.charset = charset;
        this.utf8 = StandardCharsets.UTF_8.equals(charset);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, CharSequence line, List<Object> out) {
        out.add(encode(ctx.alloc(), line));
    }

    /**
     * Encodes one line with its terminator into a new buffer, for code that writes the same line to
     * several channels and wants to encode it only once.
     *
     * @param alloc the allocator for the buffer
     * @param line the text, without terminator
     * @return the encoded line; the caller owns it
     */
    public ByteBuf encode(ByteBufAllocator alloc, CharSequence line) {
        ByteBuf buf;
        if (utf8) {
            // Sized for the worst case, so the line and its terminator go in one buffer without copying.
            buf = alloc.buffer(ByteBufUtil.utf8MaxBytes(line) + 1);
            ByteBufUtil.writeUtf8(buf, line);
        } else if (line.length() == 0) {
            buf = alloc.buffer(1);
        } else {
            buf = ByteBufUtil.encodeString(alloc, CharBuffer.wrap(line), charset, 1);
        }
        return buf.writeByte(TERMINATOR);
    }
}
