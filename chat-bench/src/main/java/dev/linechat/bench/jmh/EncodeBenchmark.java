package dev.linechat.bench.jmh;

import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one {@value Lines#SIZE}-character line with its {@code \n} into a pooled buffer: chat's
 * {@link LineEncoder#encode(ByteBufAllocator, CharSequence)} against what Netty's string
 * {@code LineEncoder} does (encodeString, then the separator). Scores are lines per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class EncodeBenchmark {

    private static final byte[] LF = {'\n'};

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final String line = Lines.line(12345);

    @Benchmark
    public int chatLineEncoder() {
        ByteBuf out = LineEncoder.UTF_8.encode(alloc, line);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int nettyStringLineEncoder() {
        ByteBuf out = ByteBufUtil.encodeString(alloc, CharBuffer.wrap(line), StandardCharsets.UTF_8, LF.length);
        out.writeBytes(LF);
        int n = out.readableBytes();
        out.release();
        return n;
    }
}
