package dev.linechat.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ChannelGroup room: each line a member sends goes to every other member as {@code <userN> line},
 * one prefixed buffer per line written to the whole group, flushed once per read burst. Members are
 * greeted and announced in chat's words, so the load tool checks prefixes strictly here too. One per
 * server, shared by its channels.
 */
@Sharable
final class GroupBroadcastHandler extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<byte[]> PREFIX = AttributeKey.valueOf(GroupBroadcastHandler.class, "prefix");

    private final ChannelGroup members = new DefaultChannelGroup("baseline-room", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger ids = new AtomicInteger();

    /** Lays out a member's pipeline. */
    void install(ChannelPipeline p) {
        p.addLast(new LineBasedFrameDecoder(NettyBaseline.MAX_LINE)); // buffers: one per channel
        p.addLast(this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String name = "user" + ids.incrementAndGet();
        ctx.channel().attr(PREFIX).set(("<" + name + "> ").getBytes(StandardCharsets.UTF_8));
        members.writeAndFlush(line(ctx, "* " + name + " joined"));
        ctx.writeAndFlush(line(ctx, "* welcome, " + name + "; /help lists the commands"));
        members.add(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            byte[] prefix = ctx.channel().attr(PREFIX).get();
            ByteBuf out = ctx.alloc().buffer(prefix.length + frame.readableBytes() + 1);
            out.writeBytes(prefix).writeBytes(frame).writeByte('\n');
            members.write(out, ChannelMatchers.isNot(ctx.channel())); // the group releases it
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        members.flush(ChannelMatchers.isNot(ctx.channel()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel(); // the group has dropped it already
        byte[] prefix = ch.attr(PREFIX).get();
        String name = new String(prefix, 1, prefix.length - 3, StandardCharsets.UTF_8);
        members.writeAndFlush(line(ctx, "* " + name + " left"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static ByteBuf line(ChannelHandlerContext ctx, String text) {
        return ByteBufUtil.writeUtf8(ctx.alloc(), text + "\n");
    }
}
