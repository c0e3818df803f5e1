package dev.linechat.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.string.StringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Lays out the handlers of a chat connection for people who drive Netty bootstraps themselves.
 *
 * <p>Inbound, bytes are cut into lines, decoded to {@link String}s and checked for {@code BYE}
 * before they reach the application's handler; outbound, any {@link CharSequence} the application
 * writes becomes one line. Handler names are the constants below, so that other handlers can be
 * inserted relative to them.
 */
public final class ChatPipelines {

    /** Name of the {@link LineFrameDecoder}, or of the {@link ChunkDecoder} for {@link Framing#RAW}. */
    public static final String FRAME_DECODER = "chat-frame-decoder";
    /** Name of the string decoder. */
    public static final String STRING_DECODER = "chat-string-decoder";
    /** Name of the {@link LineEncoder}. */
    public static final String LINE_ENCODER = "chat-line-encoder";
    /** Name of the {@link OverlongLineHandler}. */
    public static final String OVERLONG_LINE_HANDLER = "chat-overlong-line";
    /** Name of the {@link ByeHandler}. */
    public static final String BYE_HANDLER = "chat-bye";
    /** Name of the {@code SslHandler}, first in the pipeline of a TLS connection. */
    public static final String TLS_HANDLER = "chat-tls";
    /** Name of the handler after it that holds the connection back until the TLS handshake succeeds. */
    public static final String TLS_HANDSHAKE = "chat-tls-handshake";
    /** Name of the application's handler, last in the pipeline. */
    public static final String APP_HANDLER = "chat-app";

    // Malformed input decodes with replacement characters: ByteBuf.toString never throws.
    private static final StringDecoder UTF_8_DECODER = new StringDecoder(StandardCharsets.UTF_8);

    private ChatPipelines() {
    }

    /**
     * Lays out the server side of a chat connection with the default options.
     *
     * @param pipeline the new channel's pipeline
     * @param app the application's handler; it receives {@link String} lines and may write any
     *     {@link CharSequence}
     */
    public static void server(ChannelPipeline pipeline, ChannelHandler app) {
        server(pipeline, LineOptions.DEFAULT, app);
    }

    /**
     * Lays out the server side of a chat connection. A client's over-long line is answered with an
     * {@code ERROR} line naming the limit.
     *
     * @param pipeline the new channel's pipeline
     * @param options line limit and charset
     * @param app the application's handler
     */
    public static void server(ChannelPipeline pipeline, LineOptions options, ChannelHandler app) {
        layOut(pipeline, options, true, app);
    }

    /**
     * Lays out the client side of a chat connection with the default options.
     *
     * @param pipeline the new channel's pipeline
     * @param app the application's handler
     */
    public static void client(ChannelPipeline pipeline, ChannelHandler app) {
        client(pipeline, LineOptions.DEFAULT, app);
    }

    /**
     * Lays out the client side of a chat connection. An over-long line from the server is discarded,
     * answered with an {@code ERROR} line naming the limit, as the server does for its clients, and
     * reported to the handlers as an {@link OverlongLineHandler.OverlongLineEvent}.
     *
     * @param pipeline the new channel's pipeline
     * @param options line limit and charset
     * @param app the application's handler
     */
    public static void client(ChannelPipeline pipeline, LineOptions options, ChannelHandler app) {
        layOut(pipeline, options, true, app);
    }

    private static void layOut(ChannelPipeline p, LineOptions options, boolean tellPeer, ChannelHandler app) {
        boolean utf8 = StandardCharsets.UTF_8.equals(options.charset());
        // Either decoder buffers (part of a line, or of a character): one per channel.
        p.addLast(FRAME_DECODER, options.framing() == Framing.LINE
                ? new LineFrameDecoder(options.maxLineLength())
                : new ChunkDecoder(options.maxLineLength(), utf8));
        p.addLast(STRING_DECODER, utf8 ? UTF_8_DECODER : new StringDecoder(options.charset()));
        p.addLast(LINE_ENCODER, LineEncoder.of(options));
        p.addLast(OVERLONG_LINE_HANDLER, new OverlongLineHandler(options.maxLineLength(), tellPeer));
        p.addLast(BYE_HANDLER, ByeHandler.INSTANCE);
        p.addLast(APP_HANDLER, app);
    }
}
