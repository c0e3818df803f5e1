package dev.linechat.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;

/** A line echo server that loses every {@code n}th line of each connection, to prove the tool notices. */
final class LossyEchoServer {

    private LossyEchoServer() {
    }

    static Baseline start(int n) {
        return NettyBaseline.start("127.0.0.1", 0, p -> {
            p.addLast(new LineBasedFrameDecoder(NettyBaseline.MAX_LINE, false, false));
            p.addLast(new DropEvery(n));
        });
    }

    private static final class DropEvery extends ChannelInboundHandlerAdapter {
        private final int n;
        private long lines;

        DropEvery(int n) {
            this.n = n;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (++lines % n == 0) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.write(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
