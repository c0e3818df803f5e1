package dev.linechat.internal;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;

/** Combines listeners. */
public final class Listeners {

    private Listeners() {
    }

    /**
     * Returns a listener that passes every event to {@code first}, then to {@code second}. The second
     * is told even if the first throws, so that it still hears of every connection exactly once; the
     * first one's exception is then rethrown.
     *
     * @param first told first, such as a server mode that shows the event to the operator
     * @param second told next, such as the application's own listener
     * @return the combined listener
     */
    public static ChatListener inOrder(ChatListener first, ChatListener second) {
        return new ChatListener() {
            @Override
            public void onConnected(ChatSession session) {
                both(() -> first.onConnected(session), () -> second.onConnected(session));
            }

            @Override
            public void onLine(ChatSession session, String line) {
                both(() -> first.onLine(session, line), () -> second.onLine(session, line));
            }

            @Override
            public void onLineTooLong(ChatSession session, int maxLineLength) {
                both(() -> first.onLineTooLong(session, maxLineLength), () -> second.onLineTooLong(session, maxLineLength));
            }

            @Override
            public void onClosed(ChatSession session, CloseReason reason) {
                both(() -> first.onClosed(session, reason), () -> second.onClosed(session, reason));
            }
        };
    }

    private static void both(Runnable first, Runnable second) {
        try {
            first.run();
        } catch (RuntimeException e) {
            try {
                second.run();
            } catch (RuntimeException also) {
                e.addSuppressed(also);
            }
            throw e;
        }
        second.run();
    }
}
