package dev.linechat.internal;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shows the operator who comes and goes, and sends the operator's lines to every client: the operator
 * side of the echo mode. One per server.
 */
public final class ConnectionLog implements ChatListener, OperatorDesk {

    private final Consumer<String> display;
    private final Map<Long, ChatSession> open;

    /**
     * Creates the log.
     *
     * @param display receives each line to show the operator
     * @param open the server's open sessions by id, kept up to date by the server
     */
    public ConnectionLog(Consumer<String> display, Map<Long, ChatSession> open) {
        this.display = display;
        this.open = open;
    }

    @Override
    public void onConnected(ChatSession session) {
        display.accept("Client " + ClientLabels.of(session) + " connected");
    }

    @Override
    public void onClosed(ChatSession session, CloseReason reason) {
        display.accept("Client " + ClientLabels.of(session) + " disconnected");
    }

    @Override
    public void operatorSays(String line) {
        open.values().forEach(client -> client.send(line));
    }
}
