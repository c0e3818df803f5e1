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
 * a single {@code \n}, whatever the platform's line separator. For {@link Framing#RAW} the
 * terminator is left out.
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
    private final boolean terminated;

    /**
     * Creates an encoder for lines in the given charset.
     *
     * @param charset the charset of the text on the wire
     */
    public LineEncoder(Charset charset) {
        this(charset, Framing.LINE);
    }

    /**
     * Creates an encoder for the given charset and framing.
     *
     * @param charset the charset of the text on the wire
     * @param framing whether a terminator follows each message
     */
    public LineEncoder(Charset charset, Framing framing) {
        super(CharSequence.class);
        this.charset = charset;
        this.utf8 = StandardCharsets.UTF_8.equals(charset);
        this.terminated = framing == Framing.LINE;
    }

    /**
     * Returns an encoder for the options: the shared {@link #UTF_8} one for UTF-8 lines, or a new one.
     *
     * @param options the framing and charset
     * @return an encoder
     */
    public static LineEncoder of(LineOptions options) {
        return options.framing() == Framing.LINE && StandardCharsets.UTF_8.equals(options.charset())
                ? UTF_8
                : new LineEncoder(options.charset(), options.framing());
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
        int extra = terminated ? 1 : 0;
        ByteBuf buf;
        if (utf8) {
            // Sized for the worst case, so the line and its terminator go in one buffer without copying.
            buf = alloc.buffer(ByteBufUtil.utf8MaxBytes(line) + extra);
            ByteBufUtil.writeUtf8(buf, line);
        } else if (line.length() == 0) {
            buf = alloc.buffer(extra);
        } else {
            buf = ByteBufUtil.encodeString(alloc, CharBuffer.wrap(line), charset, extra);
        }
        return terminated ? buf.writeByte(TERMINATOR) : buf;
    }

    /**
     * Appends one line, after a prefix, with its terminator to a buffer, for code that gathers
     * several lines into one buffer before writing it.
     *
     * @param out the buffer, which grows as needed
     * @param prefix text to put before the line, such as a sender's name; may be empty
     * @param line the text, without terminator
     * @return {@code out}
     */
    public ByteBuf append(ByteBuf out, CharSequence prefix, CharSequence line) {
        if (utf8) {
            ByteBufUtil.writeUtf8(out, prefix);
            ByteBufUtil.writeUtf8(out, line);
        } else {
            out.writeCharSequence(prefix, charset);
            out.writeCharSequence(line, charset);
        }
        return terminated ? out.writeByte(TERMINATOR) : out;
    }
}
