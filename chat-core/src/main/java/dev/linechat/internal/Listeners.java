package dev.linechat.internal;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;

/** Combines listeners. */
public final class Listeners {

    private Listeners() {
    }

    /**
     * Tells whether a listener does anything with the lines: whether it overrides
     * {@link ChatListener#onLine}. One that does not lets a server skip decoding lines to text where
     * nothing else needs them.
     *
     * @param listener the application's listener
     * @return {@code false} if its {@code onLine} is the interface's empty default
     */
    public static boolean wantsLines(ChatListener listener) {
        if (listener == ChatListener.NONE) {
            return false;
        }
        try {
            return listener.getClass().getMethod("onLine", ChatSession.class, String.class).getDeclaringClass() != ChatListener.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
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
