package dev.linechat.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose peer has sent nothing, not even part of a line, for the timeout. On a
 * server the client receives one notice first (see {@link LastWords#sayAndClose}); a client just
 * hangs up on a silent server. Lines this side sends do not count as activity: a client that only
 * listens is idle.
 *
 * <p>Not sharable: it keeps the time of the connection's last read, so each channel needs its own.
 */
public final class IdleTimeoutHandler extends IdleStateHandler {

    /** The handler's name in a server pipeline. */
    public static final String NAME = "chat-idle-timeout";

    private final Duration timeout;
    private final Duration grace;
    private final boolean tellPeer;

    /**
     * Creates a handler.
     *
     * @param timeout how long a peer may stay silent; positive
     * @param grace how long the notice may take to drain before the connection is cut off
     */
    public IdleTimeoutHandler(Duration timeout, Duration grace) {
        this(timeout, grace, true);
    }

    /**
     * Creates a handler that may close without a notice.
     *
     * @param timeout how long a peer may stay silent; positive
     * @param grace how long the notice may take to drain before the connection is cut off
     * @param tellPeer whether the peer receives a notice first (a server's clients do)
     */
    public IdleTimeoutHandler(Duration timeout, Duration grace, boolean tellPeer) {
        super(timeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
        this.timeout = timeout;
        this.grace = grace;
        this.tellPeer = tellPeer;
    }

    /**
     * Returns the notice an idle peer receives before the connection closes.
     *
     * @param timeout the idle timeout
     * @return the line, without terminator
     */
    public static String notice(Duration timeout) {
        return "* idle timeout: nothing received for " + Durations.format(timeout) + "; closing the connection";
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() == IdleState.READER_IDLE && evt.isFirst()) {
            if (tellPeer) {
                LastWords.sayAndClose(ctx.channel(), notice(timeout), grace);
            } else {
                ctx.pipeline().fireUserEventTriggered(LocalCloseEvent.INSTANCE);
                ctx.close();
            }
        }
    }
}
