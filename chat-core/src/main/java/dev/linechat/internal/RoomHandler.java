package dev.linechat.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/** Connects each channel of a room server to its {@link Room}. One per server. */
@Sharable
public final class RoomHandler extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Room.Member> MEMBER = AttributeKey.valueOf(RoomHandler.class, "member");

    private final Room room;

    /**
     * Creates the handler.
     *
     * @param room the server's room
     */
    public RoomHandler(Room room) {
        this.room = room;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.channel().attr(MEMBER).set(room.join(ctx.channel()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Room.Member member = ctx.channel().attr(MEMBER).get();
        try {
            if (member != null && msg instanceof String line) {
                room.say(member, line);
            } else if (member != null && msg instanceof ByteBuf bytes) {
                room.say(member, bytes); // the server left the string decoder out: nobody else wants text
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Room.Member member = ctx.channel().attr(MEMBER).get();
        if (member != null) {
            room.relay(member);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Room.Member member = ctx.channel().attr(MEMBER).getAndSet(null);
        if (member != null) {
            room.leave(member);
        }
        ctx.fireChannelInactive();
    }
}
