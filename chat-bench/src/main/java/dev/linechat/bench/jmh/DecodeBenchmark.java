package dev.linechat.bench.jmh;

import dev.linechat.pipeline.LineFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cutting a read burst of {@value Lines#BATCH} lines into frames: chat's {@link LineFrameDecoder}
 * against Netty's bare {@link LineBasedFrameDecoder}, each in a channel's pipeline, followed by a
 * handler that releases the frames. Scores are lines per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@OperationsPerInvocation(Lines.BATCH)
public class DecodeBenchmark {

    private ByteBuf batch;
    private ChannelPipeline chat;
    private ChannelPipeline netty;
    private EmbeddedChannel chatChannel;
    private EmbeddedChannel nettyChannel;
    private Sink chatSink;
    private Sink nettySink;

    /** Counts and releases the frames, so that nothing piles up in the channel. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        long bytes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            bytes += frame.readableBytes();
            frame.release();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        batch = Lines.batch(PooledByteBufAllocator.DEFAULT);
        chatSink = new Sink();
        nettySink = new Sink();
        chatChannel = new EmbeddedChannel(new LineFrameDecoder(8192), chatSink);
        nettyChannel = new EmbeddedChannel(new LineBasedFrameDecoder(8192), nettySink);
        chat = chatChannel.pipeline();
        netty = nettyChannel.pipeline();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        chatChannel.finishAndReleaseAll();
        nettyChannel.finishAndReleaseAll();
        batch.release();
    }

    @Benchmark
    public void chatLineFrameDecoder(Blackhole bh) {
        chat.fireChannelRead(batch.retainedDuplicate()).fireChannelReadComplete();
        bh.consume(chatSink.bytes);
    }

    @Benchmark
    public void nettyLineBasedFrameDecoder(Blackhole bh) {
        netty.fireChannelRead(batch.retainedDuplicate()).fireChannelReadComplete();
        bh.consume(nettySink.bytes);
    }
}
