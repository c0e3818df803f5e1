package dev.linechat.pipeline;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Turns the frame decoder's report of an over-long line into a notice, keeping the connection open.
 *
 * <p>The line itself has already been discarded whole by {@link LineFrameDecoder}. When
 * {@code tellPeer} is set (as {@link ChatPipelines} does on both sides), the peer receives one line
 * starting with {@code ERROR} that names the limit, unless the discarded line was itself an
 * {@code ERROR} line. Either way the handlers after this one see an
 * {@link OverlongLineEvent} instead of an exception, before the notice is written. Other
 * exceptions pass through untouched.
 *
 * <p>Stateless and {@link Sharable}.
 */
@Sharable
public final class OverlongLineHandler extends ChannelInboundHandlerAdapter {

    private final OverlongLineEvent event;
    private final boolean tellPeer;

    /**
     * Creates a handler for the given limit.
     *
     * @param maxLineLength the limit the frame decoder enforces, in bytes, named in the notice
     * @param tellPeer whether to send the peer an {@code ERROR} line
     */
    public OverlongLineHandler(int maxLineLength, boolean tellPeer) {
        this.event = new OverlongLineEvent(maxLineLength);
        this.tellPeer = tellPeer;
    }

    /**
     * Returns the notice sent to a peer whose line was too long.
     *
     * @param maxLineLength the limit, in bytes
     * @return the {@code ERROR} line, without terminator
     */
    public static String notice(int maxLineLength) {
        return "ERROR line too long: the limit is " + maxLineLength + " bytes; the line was discarded";
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof TooLongFrameException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // A discarded error report is the peer's notice about our own line: answering it could start
        // an endless exchange of notices between two peers with small limits.
        boolean report = cause instanceof LineFrameDecoder.OverlongLineException overlong && overlong.errorReport();
        // The event first: a handler after this one that gathers its replies to the lines before
        // the over-long one writes them out on hearing of it, so that they precede the notice.
        ctx.fireUserEventTriggered(event);
        if (tellPeer && !report) {
            ctx.writeAndFlush(notice(event.maxLineLength()));
        }
    }

    /**
     * User event fired when an incoming line was longer than the limit and was discarded.
     *
     * @param maxLineLength the limit, in bytes
     */
    public record OverlongLineEvent(int maxLineLength) {
    }
}
