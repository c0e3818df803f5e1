package dev.linechat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linechat.ChatServer;
import dev.linechat.ServerMode;
import dev.linechat.testing.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every load mode, for about a second each, against baselines and chat servers in this JVM on loopback. */
class LoadIT {

    // About a second per run: the suite runs twice (the second time as a foreign platform) within the build.
    private static final Timing SHORT = new Timing(Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(5));
    private static final String HOST = "127.0.0.1";

    private static Loader loader;

    @BeforeAll
    static void startLoader() {
        loader = new Loader(2);
    }

    @AfterAll
    static void stopLoader() {
        loader.close();
    }

    private static ChatServer chat(ServerMode mode) {
        return ChatServer.builder().port(0).mode(mode).start();
    }

    /** Every line arrived once, intact and in order, and the figures are plausible. */
    private static void assertClean(LoadResult result) {
        assertNull(result.failure(), result::report);
        assertEquals(result.expected(), result.received(), result::report);
        assertThat(result.expected()).as(result::report).isGreaterThan(0);
        assertThat(result.counted()).as(result::report).isGreaterThan(0).isLessThanOrEqualTo(result.received());
        assertThat(result.seconds()).as(result::report).isBetween(0.7, 5.0);
        assertThat(result.micros(50)).as(result::report).isGreaterThan(0).isLessThanOrEqualTo(result.micros(99));
        assertThat(result.micros(99.9)).as(result::report).isLessThanOrEqualTo(result.maxMicros());
    }

    @Test
    void echoThroughTheNettyBaselineLosesNothing() throws InterruptedException {
        try (Baseline server = BaselineKind.NETTY_BYTEBUF.start(HOST, 0)) {
            LoadResult result = new EchoLoad(HOST, server.address().getPort(), 4, 100, 64, SHORT).run(loader);
            assertClean(result);
            assertEquals(65, result.lineBytes());
        }
    }

    @Test
    void echoThroughTheStringAndBlockingBaselinesLosesNothing() throws InterruptedException {
        Timing brief = new Timing(Duration.ZERO, Duration.ofMillis(300), Duration.ofSeconds(5));
        for (BaselineKind kind : new BaselineKind[] {BaselineKind.NETTY_STRING, BaselineKind.BLOCKING}) {
            try (Baseline server = kind.start(HOST, 0)) {
                LoadResult result = new EchoLoad(HOST, server.address().getPort(), 2, 50, 100, brief).run(loader);
                assertNull(result.failure(), () -> kind + ": " + result.report());
                assertThat(result.received()).as(result::report).isGreaterThan(0);
            }
        }
    }

    @Test
    void echoThroughChatLosesNothing() throws InterruptedException {
        try (ChatServer server = chat(ServerMode.ECHO)) {
            assertClean(new EchoLoad(HOST, server.port(), 4, 100, 64, SHORT).run(loader));
        }
    }

    @Test
    void pingPongThroughChatHasOneLineInFlight() throws InterruptedException {
        try (ChatServer server = chat(ServerMode.ECHO)) {
            LoadResult result = new EchoLoad(HOST, server.port(), 1, 1, 64, SHORT).run(loader);
            assertClean(result);
            assertThat(result.title()).startsWith("latency: ping-pong on 1 connection");
            // One line at a time: the run cannot be quicker than its round trips.
            assertThat(result.counted() * result.micros(50)).as(result::report).isLessThan(result.seconds() * 2e6);
        }
    }

    @Test
    void fanoutThroughChatRoomReachesEveryReceiverInOrderUnderTheSendersName() throws InterruptedException {
        try (ChatServer server = chat(ServerMode.ROOM)) {
            LoadResult result = new FanoutLoad(HOST, server.port(), 5, 1, 500, 0, 64, Prefix.STRICT, SHORT,
                    Duration.ofMillis(200)).run(loader);
            assertClean(result);
            assertEquals("deliveries", result.unit());
            assertEquals(0, result.expected() % 5, result::report);
        }
    }

    @Test
    void fanoutFromTwoSendersThroughTheChannelGroupBaseline() throws InterruptedException {
        try (Baseline server = BaselineKind.NETTY_GROUP.start(HOST, 0)) {
            assertClean(new FanoutLoad(HOST, server.address().getPort(), 5, 2, 200, 0, 64, Prefix.STRICT, SHORT,
                    Duration.ofMillis(200)).run(loader));
        }
    }

    @Test
    void fanoutOfAFixedNumberOfLinesCountsThemAll() throws InterruptedException {
        try (ChatServer server = chat(ServerMode.ROOM)) {
            Timing atMostTenSeconds = new Timing(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(5));
            LoadResult result = new FanoutLoad(HOST, server.port(), 5, 1, 100, 500, 64, Prefix.NONE, atMostTenSeconds,
                    Duration.ofMillis(200)).run(loader);
            assertNull(result.failure(), result::report);
            assertEquals(5 * 500, result.expected(), result::report);
            assertEquals(5 * 500, result.counted(), result::report);
            assertThat(result.seconds()).as(result::report).isLessThan(10);
        }
    }

    @Test
    void idleConnectionsStayOpenAndStillEcho() throws InterruptedException {
        try (ChatServer server = chat(ServerMode.ECHO)) {
            long pid = ProcessHandle.current().pid(); // the server is in this JVM
            ConnsResult result = new ConnsLoad(HOST, server.port(), 200, pid, Duration.ofMillis(200), 20, true, 0).run(loader);
            assertNull(result.failure(), result::report);
            assertEquals(20, result.echoed(), result::report);
            assertThat(result.rssBeforeKiB()).isGreaterThan(0);
            assertThat(result.rssAfterKiB()).isGreaterThan(0);
        }
    }

    @Test
    void aServerThatLosesLinesFailsTheRun() throws InterruptedException {
        try (Baseline server = LossyEchoServer.start(1000)) {
            Outcome outcome = BenchCommandTest.run("load", "echo", "--port", Integer.toString(server.address().getPort()),
                    "-c", "2", "-w", "50", "--warmup", "0", "--duration", "1s", "--drain-timeout", "500ms");
            assertEquals(1, outcome.exitCode(), outcome::toString);
            assertThat(outcome.err()).as(outcome::toString).matches("FAILED: [0-9,]+ lines lost \\(expected .*\\)\\R");
            assertThat(outcome.out()).as(outcome::toString).contains("lost ").doesNotContain("OK");
        }
    }

    @Test
    void strictPrefixesNeedARoomThatWelcomesItsMembersByName() throws InterruptedException {
        try (Baseline server = GreetingServer.start("* hello")) {
            FanoutLoad load = new FanoutLoad(HOST, server.address().getPort(), 2, 1, 10, 10, 64, Prefix.STRICT, SHORT,
                    Duration.ZERO);
            assertThat(assertThrows(LoadException.class, () -> load.run(loader)))
                    .hasMessageContaining("no '* welcome, NAME; ...' line").hasMessageContaining("--prefix none");
        }
    }
}
