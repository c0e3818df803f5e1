package dev.linechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.linechat.SlowClientScenario.Result;
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
    private static final int LINE_BYTES = 100;
    private static final long MIB = 1024 * 1024;

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    @Test
    void aClientThatStopsReadingIsCutOffWhileTheOthersGetEveryLineInBoundedMemory() throws Exception {
        Result result = SlowClientScenario.run(LINES, LINE_BYTES, UnaryOperator.identity());
        System.out.println("SlowClientIT: " + result.report());

        assertArrayEquals(new long[] {LINES, LINES}, result.received(), result::report);
        // It got what fitted in the socket buffers and its 64 KiB backlog, then the reason it was cut off.
        assertThat(result.slowLinesRead()).as(result.report()).isLessThan(LINES / 2);
        assertThat(result.slowLast()).as(result.report()).startsWith("ERROR too slow: ").endsWith("closing the connection");
        // Generous bounds: without the policy, the slow client's backlog alone would hold the
        // ~17 MiB the socket buffers could not take, and more with every line.
        // (Measured without it: direct memory +96 MiB, heap +16 to +42 MiB; with it: +18 to +24 and +3.)
        assertThat(result.peak().allocatorDirect() - result.baseline().allocatorDirect()).as(result.report())
                .isLessThan(56 * MIB);
        assertThat(result.peak().heap() - result.baseline().heap()).as(result.report()).isLessThan(32 * MIB);
    }
}
