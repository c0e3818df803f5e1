package dev.linechat.internal;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;

/** Combines listeners. */
public final class Listeners {

    private Listeners() {
    }

    /**
     * Returns a listener that passes every event to {@code first}, then to {@code second}.
     *
     * @param first told first, such as a server mode that shows the event to the operator
     * @param second told next, such as the application's own listener
     * @return the combined listener
     */
    public static ChatListener inOrder(ChatListener first, ChatListener second) {
        return new ChatListener() {
            @Override
            public void onConnected(ChatSession session) {
                first.onConnected(session);
                second.onConnected(session);
            }

            @Override
            public void onLine(ChatSession session, String line) {
                first.onLine(session, line);
                second.onLine(session, line);
            }

            @Override
            public void onLineTooLong(ChatSession session, int maxLineLength) {
                first.onLineTooLong(session, maxLineLength);
                second.onLineTooLong(session, maxLineLength);
            }

            @Override
            public void onClosed(ChatSession session, CloseReason reason) {
                first.onClosed(session, reason);
                second.onClosed(session, reason);
            }
        };
    }
}
