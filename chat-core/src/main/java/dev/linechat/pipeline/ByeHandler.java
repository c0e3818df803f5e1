package dev.linechat.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ends the conversation on the lab's word {@code BYE}, whichever side says it.
 *
 * <p>A received {@code BYE} fires {@link ByeEvent#RECEIVED}, lets every write already queued go out
 * (including those the event's handlers write) and closes the channel; lines that follow it are
 * dropped.
 *
 * <p>A written {@code BYE} fires {@link ByeEvent#SENT} and is flushed at once. Once it has been
 * written the channel waits for the peer to close, which is how a peer answers {@code BYE}, for at
 * most {@link #LINGER}, and then closes itself. Lines the peer sent before it saw the {@code BYE}
 * are still delivered meanwhile, so a reply already on its way is not lost.
 *
 * <p>A peer that half-closes its side (shuts down output after its last line) is done as well: once
 * what it sent has been handled, the answers queued for it go out and the channel closes. That
 * needs {@code ChannelOption.ALLOW_HALF_CLOSURE} on the channel; without it Netty closes at once.
 *
 * <p>Closing an already closed channel is harmless, so saying {@code BYE} twice is too. Stateless
 * apart from a channel attribute, and {@link Sharable}: use {@link #INSTANCE}.
 */
@Sharable
public final class ByeHandler extends ChannelDuplexHandler {

    /** The word that ends a conversation, compared exactly. */
    public static final String BYE = "BYE";

    /** How long a channel that said {@code BYE} waits for the peer to close: 2 seconds. */
    public static final Duration LINGER = Duration.ofSeconds(2);

    /** The single instance every pipeline uses. */
    public static final ByeHandler INSTANCE = new ByeHandler();

    /** The name of the handler that silences the peer once it has said {@code BYE}. */
    private static final String AFTER_BYE = "chat-after-bye";

    /** Which side said {@code BYE} first, once one has. */
    private static final AttributeKey<ByeEvent> SAID = AttributeKey.valueOf(ByeHandler.class, "said");

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

    /**
     * Tells whether a line's bytes, in UTF-8 or any charset that encodes ASCII as itself, are the
     * farewell word; for pipelines that pass lines on undecoded.
     *
     * @param line a line's bytes, without its terminator
     * @return {@code true} if they are exactly {@code BYE}
     */
    public static boolean isBye(ByteBuf line) {
        int at = line.readerIndex();
        return line.readableBytes() == 3 && line.getByte(at) == 'B' && line.getByte(at + 1) == 'Y' && line.getByte(at + 2) == 'E';
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CharSequence line && isBye(line) || msg instanceof ByteBuf bytes && isBye(bytes)) {
            ReferenceCountUtil.release(msg);
            if (ctx.channel().attr(SAID).getAndSet(ByeEvent.RECEIVED) == ByeEvent.RECEIVED) {
                return; // said twice: the first is being handled
            }
            // The conversation is over: what follows goes nowhere. A handler that drops it, rather
            // than a check of every line here, keeps the common path free of it.
            ctx.pipeline().addAfter(ctx.name(), AFTER_BYE, Silence.INSTANCE);
            // Once both have said it, no need to linger. Told even then: a handler after this one
            // that gathers replies writes them out on hearing it, before the close below.
            ctx.fireUserEventTriggered(ByeEvent.RECEIVED);
            ctx.channel().config().setAutoRead(false);
            // The empty write completes after everything queued before it, so replies are not cut off.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof CharSequence line && isBye(line)) {
            if (ctx.channel().attr(SAID).setIfAbsent(ByeEvent.SENT) == null) {
                ctx.fireUserEventTriggered(ByeEvent.SENT);
            }
            ChannelPromise written = promise.unvoid();
            ctx.writeAndFlush(msg, written);
            written.addListener(f -> awaitPeerClose(ctx));
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Drops what a peer sends after its {@code BYE}: lines, and reports of over-long ones. */
    @Sharable
    private static final class Silence extends ChannelInboundHandlerAdapter {
        static final Silence INSTANCE = new Silence();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof OverlongLineHandler.OverlongLineEvent)) {
                ctx.fireUserEventTriggered(evt);
            }
        }
    }

    private static void awaitPeerClose(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (!channel.isActive() || channel.attr(SAID).get() == ByeEvent.RECEIVED) {
            channel.close(); // closed already, or closing because the peer said BYE too
            return;
        }
        Future<?> deadline = ctx.executor().schedule(() -> channel.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> deadline.cancel(false));
    }
}
