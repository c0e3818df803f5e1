package dev.linechat.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/** Stands in for the application at the end of a pipeline: records the lines and user events that reach it. */
final class EventRecorder extends ChannelInboundHandlerAdapter {

    /** Lines (as {@link String}s) and user events, in the order they arrived. */
    final List<Object> received = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        received.add(msg instanceof String ? msg : "unexpected " + msg);
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        received.add(evt);
    }
}
