package dev.linechat.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Decides, when a connection opens, whether to admit it. A refused connection receives one
 * {@code ERROR} line and is closed; the handlers after this one never hear of it: not its start, its
 * lines, its events or its end.
 *
 * <p>Subclasses say why a connection is refused; the refusal itself is done here, once.
 */
abstract class AdmissionHandler extends ChannelInboundHandlerAdapter {

    private final AttributeKey<Boolean> refused = AttributeKey.valueOf(getClass(), "refused");

    /**
     * Returns the line that refuses a new connection, or {@code null} to admit it.
     *
     * @param ctx the new connection's context
     * @return the {@code ERROR} line, without terminator, or {@code null}
     */
    abstract String refusal(ChannelHandlerContext ctx);

    /** An admitted connection has closed; override to keep count. */
    void admittedClosed() {
    }

    @Override
    public final void channelActive(ChannelHandlerContext ctx) {
        String notice = refusal(ctx);
        if (notice == null) {
            ctx.fireChannelActive();
            return;
        }
        ctx.channel().attr(refused).set(Boolean.TRUE);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(notice).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused(ctx)) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public final void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!refused(ctx)) {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (refused(ctx)) {
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        if (!refused(ctx)) {
            admittedClosed();
            ctx.fireChannelInactive();
        }
    }

    private boolean refused(ChannelHandlerContext ctx) {
        return ctx.channel().hasAttr(refused);
    }
}
