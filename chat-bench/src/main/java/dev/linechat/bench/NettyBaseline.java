package dev.linechat.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.LineEncoder;
import io.netty.handler.codec.string.LineSeparator;
import io.netty.handler.codec.string.StringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A baseline server on Netty: epoll where available, pooled buffers, Netty's default number of event
 * loops (as chat's server), and a pipeline laid out by the caller.
 */
final class NettyBaseline implements Baseline {

    /** The longest line the baselines accept, as chat's default limit. */
    static final int MAX_LINE = 8192;

    private static final ChannelInboundHandlerAdapter ECHO = new Echo();
    private static final StringDecoder UTF_8_DECODER = new StringDecoder(StandardCharsets.UTF_8);
    private static final LineEncoder UTF_8_LF_ENCODER = new LineEncoder(LineSeparator.UNIX, StandardCharsets.UTF_8);

    private final EventLoopGroup group;
    private final Channel listening;

    private NettyBaseline(EventLoopGroup group, Channel listening) {
        this.group = group;
        this.listening = listening;
    }

    /**
     * Binds a server whose connections get the pipeline {@code layOut} makes.
     *
     * @throws LoadException if it cannot bind
     */
    static NettyBaseline start(String host, int port, Consumer<ChannelPipeline> layOut) {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.group(0, "baseline");
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        layOut.accept(ch.pipeline());
                    }
                })
                .bind(host, port)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new LoadException("cannot listen on " + host + ":" + port + ": " + bound.cause().getMessage());
        }
        return new NettyBaseline(group, bound.channel());
    }

    /** Raw line echo: each frame goes back as it came, its {@code \n} kept by the decoder, one buffer per line. */
    static void byteBufEcho(ChannelPipeline p) {
        p.addLast(new LineBasedFrameDecoder(MAX_LINE, false, false)); // buffers: one per channel
        p.addLast(ECHO);
    }

    /** Line echo through Strings: decoded as UTF-8, encoded again with a {@code \n}. */
    static void stringEcho(ChannelPipeline p) {
        p.addLast(new LineBasedFrameDecoder(MAX_LINE));
        p.addLast(UTF_8_DECODER);
        p.addLast(UTF_8_LF_ENCODER);
        p.addLast(ECHO);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listening.localAddress();
    }

    @Override
    public void close() {
        listening.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Writes back whatever it reads, flushing once per read burst. */
    @Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a peer that resets or sends an over-long line; nothing to report in a baseline
        }
    }
}
