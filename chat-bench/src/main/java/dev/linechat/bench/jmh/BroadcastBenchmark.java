package dev.linechat.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
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

/**
 * Relaying a read burst of {@value Lines#BATCH} lines from one member to {@value #RECEIVERS} others,
 * each line prefixed with {@code <name> }. {@code sharedBatch} builds the prefixed burst once in one
 * pooled buffer and hands each receiver a retained duplicate of it (the design the issue asks of the
 * room); {@code perLineCopy} prefixes and copies every line for every receiver, as a ChannelGroup
 * room does. A receiver here just releases what it is given, as its channel would once written, so
 * the scores are the relaying cost alone, in deliveries (line x receiver) per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@OperationsPerInvocation(Lines.BATCH * BroadcastBenchmark.RECEIVERS)
public class BroadcastBenchmark {

    static final int RECEIVERS = 100;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final byte[] prefix = "<user42> ".getBytes(StandardCharsets.US_ASCII);
    private final ByteBuf[] frames = new ByteBuf[Lines.BATCH];
    private ByteBuf burst;

    @Setup(Level.Trial)
    public void setUp() {
        // The frames are slices of one read burst, without terminators, as a frame decoder gives them.
        burst = Lines.batch(alloc);
        for (int i = 0, at = 0; i < Lines.BATCH; i++, at += Lines.SIZE + 1) {
            frames[i] = burst.slice(at, Lines.SIZE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        burst.release();
    }

    @Benchmark
    public long sharedBatch() {
        ByteBuf out = alloc.directBuffer(Lines.BATCH * (prefix.length + Lines.SIZE + 1));
        for (ByteBuf frame : frames) {
            out.writeBytes(prefix).writeBytes(frame, frame.readerIndex(), frame.readableBytes()).writeByte('\n');
        }
        long delivered = 0;
        for (int r = 0; r < RECEIVERS; r++) {
            delivered += deliver(out.retainedDuplicate());
        }
        out.release();
        return delivered;
    }

    @Benchmark
    public long perLineCopy() {
        long delivered = 0;
        for (ByteBuf frame : frames) {
            for (int r = 0; r < RECEIVERS; r++) {
                ByteBuf out = alloc.directBuffer(prefix.length + frame.readableBytes() + 1);
                out.writeBytes(prefix).writeBytes(frame, frame.readerIndex(), frame.readableBytes()).writeByte('\n');
                delivered += deliver(out);
            }
        }
        return delivered;
    }

    /** What a receiver's channel does with a buffer once it has been written: release it. */
    private static int deliver(ByteBuf buf) {
        int n = buf.readableBytes();
        buf.release();
        return n;
    }
}
