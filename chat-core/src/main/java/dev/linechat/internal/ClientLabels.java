package dev.linechat.internal;

import dev.linechat.ChatSession;

/** How the operator's console names a client: {@code #3 (127.0.0.1:41876)}. */
public final class ClientLabels {

    private ClientLabels() {
    }

    /**
     * Names a client by id and address, unambiguously among all the server's clients.
     *
     * @param session the client's session
     * @return its label
     */
    public static String of(ChatSession session) {
        return "#" + session.id() + " (" + Addresses.format(session.remoteAddress()) + ")";
    }
}
