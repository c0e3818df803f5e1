package dev.linechat.pipeline;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How messages are framed and encoded on one side of a connection: the {@link Framing}, the largest
 * message accepted and the charset of the text. With {@link Framing#LINE} the terminator is always
 * {@code \n} on output; {@code \n} and {@code \r\n} are both accepted on input.
 *
 * @param framing lines, or raw chunks
 * @param maxLineLength the largest line accepted, in bytes, terminator excluded
 * @param charset the charset of the text on the wire
 */
public record LineOptions(Framing framing, int maxLineLength, Charset charset) {

    /** The default limit on a line's length: 8 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;

    /** UTF-8 lines of at most {@value #DEFAULT_MAX_LINE_LENGTH} bytes. */
    public static final LineOptions DEFAULT = new LineOptions(DEFAULT_MAX_LINE_LENGTH, StandardCharsets.UTF_8);

    /**
     * Checks the options.
     *
     * @param framing lines, or raw chunks
     * @param maxLineLength the largest line accepted, in bytes, terminator excluded
     * @param charset the charset of the text on the wire
     * @throws IllegalArgumentException if the limit is not positive
     * @throws NullPointerException if the framing or charset is null
     */
    public LineOptions {
        Objects.requireNonNull(framing, "framing");
        if (maxLineLength <= 0) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
        Objects.requireNonNull(charset, "charset");
    }

    /**
     * Creates options for {@link Framing#LINE}.
     *
     * @param maxLineLength the largest line accepted, in bytes, terminator excluded
     * @param charset the charset of the text on the wire
     */
    public LineOptions(int maxLineLength, Charset charset) {
        this(Framing.LINE, maxLineLength, charset);
    }

    /**
     * Returns these options with another framing.
     *
     * @param other lines or raw chunks
     * @return the new options
     */
    public LineOptions withFraming(Framing other) {
        return new LineOptions(other, maxLineLength, charset);
    }

    /**
     * Returns these options with another line limit.
     *
     * @param bytes the largest line accepted, in bytes
     * @return the new options
     */
    public LineOptions withMaxLineLength(int bytes) {
        return new LineOptions(framing, bytes, charset);
    }

    /**
     * Returns these options with another charset.
     *
     * @param other the charset of the text on the wire
     * @return the new options
     */
    public LineOptions withCharset(Charset other) {
        return new LineOptions(framing, maxLineLength, other);
    }
}
