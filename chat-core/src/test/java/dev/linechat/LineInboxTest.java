package dev.linechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The inbox a script reads a connection's lines from, fed as a connection's I/O thread would feed it. */
class LineInboxTest {

    private static final Duration SHORT = Duration.ofMillis(50);
    private static final Duration LONG = Duration.ofSeconds(5);

    private final LineInbox inbox = new LineInbox();

    @Test
    void handsOutTheLinesInTheirOrder() {
        inbox.onLine(null, "one");
        inbox.onLine(null, "");
        assertEquals("one", inbox.next(SHORT));
        assertEquals("", inbox.next(SHORT));
    }

    @Test
    void waitsForALineThatIsStillToCome() throws Exception {
        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> inbox.next(LONG));
        Thread.sleep(50);
        assertThat(taken).isNotDone();
        inbox.onLine(null, "late");
        assertEquals("late", taken.get(5, TimeUnit.SECONDS));
    }

    @Test
    void awaitDropsTheLinesBeforeTheMatchAndKeepsTheOnesAfter() {
        List.of("* welcome", "<bob> hi", "* alice is now known as al", "<bob> after").forEach(line -> inbox.onLine(null, line));
        assertEquals("* alice is now known as al", inbox.await(line -> line.endsWith(" al"), SHORT));
        assertEquals(List.of("<bob> after"), inbox.drain());
        assertEquals(List.of(), inbox.drain());
    }

    @Test
    void aTimeoutSaysWhatCameInstead() {
        inbox.onLine(null, "ERROR no member is named zed");
        ChatException timedOut = assertThrows(ChatException.class, () -> inbox.await(line -> line.startsWith("*zed*"), SHORT));
        assertThat(timedOut.getMessage()).isEqualTo(
                "the line awaited did not arrive within 50 ms (the last line was \"ERROR no member is named zed\")");
        assertThat(assertThrows(ChatException.class, () -> inbox.next(Duration.ofSeconds(0))).getMessage())
                .isEqualTo("the line awaited did not arrive within 0 s");
    }

    @Test
    void linesThatArrivedBeforeTheCloseAreStillReadThenTheCloseIsReported() {
        inbox.onLine(null, "last words");
        inbox.onClosed(null, CloseReason.BYE_RECEIVED);
        assertEquals(CloseReason.BYE_RECEIVED, inbox.awaitClose(SHORT));
        assertEquals("last words", inbox.next(SHORT));
        assertThat(assertThrows(ChatException.class, () -> inbox.next(LONG)).getMessage())
                .isEqualTo("the connection closed (BYE_RECEIVED) before the line awaited");
    }

    @Test
    void awaitCloseGivesUpOnAConnectionThatStaysOpen() {
        assertThat(assertThrows(ChatException.class, () -> inbox.awaitClose(SHORT)).getMessage())
                .isEqualTo("the connection was still open after 50 ms");
    }

    @Test
    void anInterruptedWaitEndsAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThat(assertThrows(ChatException.class, () -> inbox.next(LONG)).getMessage())
                    .isEqualTo("interrupted while awaiting a line");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
