package dev.linechat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenersTest {

    /** Records each event under its name; throws its failure, if it has one, after recording. */
    private static final class Recording implements ChatListener {
        private final String name;
        private final List<String> heard;
        private final RuntimeException failure;

        Recording(String name, List<String> heard, RuntimeException failure) {
            this.name = name;
            this.heard = heard;
            this.failure = failure;
        }

        private void hear(String event) {
            heard.add(name + " " + event);
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void onConnected(ChatSession session) {
            hear("connected");
        }

        @Override
        public void onLine(ChatSession session, String line) {
            hear("line " + line);
        }

        @Override
        public void onLineTooLong(ChatSession session, int maxLineLength) {
            hear("too long " + maxLineLength);
        }

        @Override
        public void onClosed(ChatSession session, CloseReason reason) {
            hear("closed " + reason);
        }
    }

    private static void everyEvent(ChatListener listener) {
        listener.onConnected(null);
        listener.onLine(null, "hi");
        listener.onLineTooLong(null, 16);
        listener.onClosed(null, CloseReason.BYE_RECEIVED);
    }

    @Test
    void tellsTheFirstThenTheSecondOfEveryEvent() {
        List<String> heard = new ArrayList<>();
        everyEvent(Listeners.inOrder(new Recording("mode", heard, null), new Recording("app", heard, null)));
        assertEquals(List.of("mode connected", "app connected", "mode line hi", "app line hi",
                "mode too long 16", "app too long 16", "mode closed BYE_RECEIVED", "app closed BYE_RECEIVED"), heard);
    }

    @Test
    void tellsTheSecondEvenWhenTheFirstThrowsThenRethrows() {
        List<String> heard = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("display unplugged");
        ChatListener both = Listeners.inOrder(new Recording("mode", heard, failure), new Recording("app", heard, null));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> both.onConnected(null)));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> both.onLine(null, "hi")));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> both.onLineTooLong(null, 16)));
        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> both.onClosed(null, CloseReason.FAILED)));
        assertEquals(List.of("mode connected", "app connected", "mode line hi", "app line hi",
                "mode too long 16", "app too long 16", "mode closed FAILED", "app closed FAILED"), heard);
    }

    @Test
    void keepsTheSecondFailureAsSuppressedWhenBothThrow() {
        List<String> heard = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        ChatListener both = Listeners.inOrder(new Recording("mode", heard, first), new Recording("app", heard, second));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> both.onClosed(null, CloseReason.FAILED));
        assertSame(first, thrown);
        assertEquals(List.of(second), List.of(thrown.getSuppressed()));
        assertEquals(List.of("mode closed FAILED", "app closed FAILED"), heard);
    }

    @Test
    void aFailureOfTheSecondPassesThrough() {
        List<String> heard = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("app failed");
        ChatListener both = Listeners.inOrder(new Recording("mode", heard, null), new Recording("app", heard, failure));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> both.onLine(null, "hi")));
        assertEquals(List.of("mode line hi", "app line hi"), heard);
    }
}
