package dev.linechat.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most a fixed number of connections at once. A connection over the limit receives one
 * {@code ERROR} line and is closed; the handlers after this one never hear of it.
 *
 * <p>One instance per server: it counts that server's connections.
 */
@Sharable
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(ConnectionLimitHandler.class, "refused");

    private final int limit;
    private final AtomicInteger admitted = new AtomicInteger();

    /**
     * Creates a limiter.
     *
     * @param limit the largest number of connections open at once
     */
    public ConnectionLimitHandler(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Returns the line a refused connection receives.
     *
     * @param limit the largest number of connections open at once
     * @return the {@code ERROR} line, without terminator
     */
    public static String notice(int limit) {
        return limit == 1
                ? "ERROR server busy: another conversation is in progress; try again later"
                : "ERROR server full: " + limit + " clients are connected; try again later";
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            ctx.channel().attr(REFUSED).set(Boolean.TRUE);
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(notice(limit)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused(ctx)) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!refused(ctx)) {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (refused(ctx)) {
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!refused(ctx)) {
            admitted.decrementAndGet();
            ctx.fireChannelInactive();
        }
    }

    private static boolean refused(ChannelHandlerContext ctx) {
        return ctx.channel().hasAttr(REFUSED);
    }
}
