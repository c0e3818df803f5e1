package dev.linechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.linechat.SlowClientScenario.Result;
import dev.linechat.testing.ChatThreads;
import io.netty.util.ResourceLeakDetector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SlowClientIT {

    private static ResourceLeakDetector.Level leakDetection;

    /**
     * Paranoid leak detection keeps a record with stack traces for every buffer in flight, which
     * would be most of the heap measured here, and makes the run ten times slower. This class samples
     * like production does; the unit tests of the same handlers run paranoid.
     */
    @BeforeAll
    static void measureWithoutParanoidLeakRecords() {
        leakDetection = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterAll
    static void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(leakDetection);
    }

    private static final int LINES = 200_000;
    private static final int LINE_BYTES = 200;
    /** The sender is at most this many lines ahead of the readers: 100 KiB, which their sockets hold. */
    private static final int WINDOW = 500;
    private static final long MIB = 1024 * 1024;

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    @Test
    void aClientThatStopsReadingIsCutOffWhileTheOthersGetEveryLineInBoundedMemory() throws Exception {
        Result result = SlowClientScenario.run(LINES, LINE_BYTES, WINDOW, UnaryOperator.identity());
        System.out.println("SlowClientIT: " + result.report());

        assertArrayEquals(new long[] {LINES, LINES}, result.received(), result::report);
        // It got what fitted in the socket buffers and its 64 KiB backlog, then the reason it was cut off.
        assertThat(result.slowLinesRead()).as(result.report()).isLessThan(LINES / 2);
        assertThat(result.slowLast()).as(result.report()).startsWith("ERROR too slow: ").endsWith("closing the connection");
        // Generous bounds. Measured without the policy (limits so high that nothing is dropped), the
        // server queues 52 MiB for the slow client, and the JVM's direct memory grows by 113 MiB and
        // its heap by 16 MiB; with it, 0.2 to 2 MiB are queued for the slow client (its 64 KiB backlog
        // and lines in flight from the sender's I/O thread, dropped when they land), and direct memory
        // grows by about 11 MiB (mostly what the pooled allocator reserves for its threads), the heap
        // by about 1 MiB.
        assertThat(result.peakQueued()[2]).as(result.report()).isLessThan(8 * MIB);
        assertThat(result.peak().allocatorDirect() - result.baseline().allocatorDirect()).as(result.report())
                .isLessThan(48 * MIB);
        assertThat(result.peak().heap() - result.baseline().heap()).as(result.report()).isLessThan(16 * MIB);
    }
}
