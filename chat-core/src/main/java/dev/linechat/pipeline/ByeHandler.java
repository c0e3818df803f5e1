package dev.linechat.pipeline;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Ends the conversation on the lab's word {@code BYE}, whichever side says it.
 *
 * <p>A received {@code BYE} fires {@link ByeEvent#RECEIVED}, lets every write already queued go out
 * and closes the channel; lines that follow it are dropped. A written {@code BYE} fires
 * {@link ByeEvent#SENT}, is flushed at once, and the channel closes once it has been written. Closing
 * an already closed channel is harmless, so saying {@code BYE} twice is too.
 *
 * <p>Stateless apart from a channel attribute, and {@link Sharable}: use {@link #INSTANCE}.
 */
@Sharable
public final class ByeHandler extends ChannelDuplexHandler {

    /** The word that ends a conversation, compared exactly. */
    public static final String BYE = "BYE";

    /** The single instance every pipeline uses. */
    public static final ByeHandler INSTANCE = new ByeHandler();

    private static final AttributeKey<Boolean> ENDED = AttributeKey.valueOf(ByeHandler.class, "ended");

    private ByeHandler() {
    }

    /**
     * Tells whether a line is the farewell word.
     *
     * @param line a line without its terminator
     * @return {@code true} if it is exactly {@code BYE}
     */
    public static boolean isBye(CharSequence line) {
        return BYE.contentEquals(line);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(ENDED)) {
            ReferenceCountUtil.release(msg); // the conversation is over: a line after BYE goes nowhere
            return;
        }
        if (msg instanceof CharSequence line && isBye(line)) {
            ctx.channel().attr(ENDED).set(Boolean.TRUE);
            ctx.channel().config().setAutoRead(false);
            ctx.fireUserEventTriggered(ByeEvent.RECEIVED);
            // The empty write completes after everything queued before it, so replies are not cut off.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof CharSequence line && isBye(line)) {
            if (ctx.channel().attr(ENDED).setIfAbsent(Boolean.TRUE) == null) {
                ctx.fireUserEventTriggered(ByeEvent.SENT);
            }
            ChannelPromise written = promise.unvoid();
            ctx.writeAndFlush(msg, written);
            written.addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.write(msg, promise);
        }
    }
}
