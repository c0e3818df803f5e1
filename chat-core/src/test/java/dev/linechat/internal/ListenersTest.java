package dev.linechat.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import org.junit.jupiter.api.Test;

class ListenersTest {

    @Test
    void aListenerWantsTheLinesIfAndOnlyIfItOverridesOnLine() {
        assertFalse(Listeners.wantsLines(ChatListener.NONE));
        assertFalse(Listeners.wantsLines(new ChatListener() {
            @Override
            public void onClosed(ChatSession session, CloseReason reason) {
            }
        }));
        assertTrue(Listeners.wantsLines(new ChatListener() {
            @Override
            public void onLine(ChatSession session, String line) {
            }
        }));
        assertTrue(Listeners.wantsLines(new Subclass()), "inherited from a class that overrides it");
    }

    private static class Base implements ChatListener {
        @Override
        public void onLine(ChatSession session, String line) {
        }
    }

    private static final class Subclass extends Base {
    }
}
