package dev.linechat.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Stands in for the application: records the lines and user events that reach the end of the pipeline. */
class RecordingHandler extends ChannelInboundHandlerAdapter {

    /** Lines (as {@link String}s) and user events, in the order they arrived. */
    final List<Object> received = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof String)) {
            throw new AssertionError("the application should only receive String lines, got " + msg);
        }
        received.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        received.add(evt);
        ctx.fireUserEventTriggered(evt);
    }
}
