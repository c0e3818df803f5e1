package dev.linechat;

import dev.linechat.internal.LocalCloseEvent;
import dev.linechat.internal.Sessions;
import dev.linechat.pipeline.ByeEvent;
import dev.linechat.pipeline.OverlongLineHandler.OverlongLineEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a chat pipeline's events into {@link ChatListener} calls. One instance per server or client
 * handle: it numbers that handle's sessions and keeps the open ones in {@code open}.
 */
@Sharable
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(SessionHandler.class.getName());

    private final ChatListener listener;
    private final Map<Long, ChatSession> open;
    private final boolean passLinesOn;
    private final AtomicLong ids = new AtomicLong();

    /**
     * Creates the handler.
     *
     * @param passLinesOn whether a handler follows that wants the lines too (a server mode's)
     */
    SessionHandler(ChatListener listener, Map<Long, ChatSession> open, boolean passLinesOn) {
        this.listener = listener;
        this.open = open;
        this.passLinesOn = passLinesOn;
    }

    /**
     * Gives a channel its session, with the next id. Channels that have none when they become active
     * get one then, so that connections refused before that point use up no id.
     */
    ChatSession attach(Channel channel) {
        ChatSession session = new ChatSession(ids.incrementAndGet(), channel);
        channel.attr(Sessions.KEY).set(session);
        return session;
    }

    /** Returns the session attached to a channel, or {@code null}. */
    static ChatSession sessionOf(Channel channel) {
        return Sessions.of(channel);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ChatSession known = sessionOf(ctx.channel());
        ChatSession session = known != null ? known : attach(ctx.channel());
        session.remoteAddress(); // remember it while the socket can still tell
        open.put(session.id(), session);
        notify(ctx, session, () -> listener.onConnected(session));
        session.active().complete(null);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ChatSession session = sessionOf(ctx.channel());
        if (session.closingLocally()) {
            ReferenceCountUtil.release(msg); // this side is closing: what the peer still says goes nowhere
            return;
        }
        if (msg instanceof String line) {
            notify(ctx, session, () -> listener.onLine(session, line));
        }
        if (passLinesOn) {
            ctx.fireChannelRead(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ChatSession session = sessionOf(ctx.channel());
        if (evt == ByeEvent.RECEIVED) {
            session.markClosing(CloseReason.BYE_RECEIVED);
        } else if (evt == ByeEvent.SENT) {
            session.markClosing(CloseReason.BYE_SENT);
        } else if (evt == LocalCloseEvent.INSTANCE) {
            session.markClosing(CloseReason.CLOSED_LOCALLY); // a limit ends it: idle, or too slow
        } else if (evt instanceof OverlongLineEvent overlong) {
            notify(ctx, session, () -> listener.onLineTooLong(session, overlong.maxLineLength()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ChatSession session = sessionOf(ctx.channel());
        LOG.log(Level.DEBUG, () -> "connection " + session + " failed: " + cause, cause);
        session.fail(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ChatSession session = sessionOf(ctx.channel());
        if (open.remove(session.id()) != null) {
            CloseReason reason = session.finish();
            try {
                listener.onClosed(session, reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "chat listener failed in onClosed for " + session, e);
            }
        }
        session.closed();
        ctx.fireChannelInactive();
    }

    private static void notify(ChannelHandlerContext ctx, ChatSession session, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "chat listener failed; closing " + session, e);
            session.fail(e);
            ctx.close();
        }
    }
}
