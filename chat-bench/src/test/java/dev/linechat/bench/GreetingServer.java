package dev.linechat.bench;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/** A server that greets each connection with one line and ignores whatever it is sent. */
final class GreetingServer {

    private GreetingServer() {
    }

    static Baseline start(String greeting) {
        return NettyBaseline.start("127.0.0.1", 0, p -> p.addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), greeting + "\n"));
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }
        }));
    }
}
