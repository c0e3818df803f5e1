package dev.linechat.internal;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console mode: shows the operator what clients say and delivers the operator's answers.
 *
 * <p>While a single client is connected the operator sees exactly the lab's transcript
 * ({@code Client says: ...}); with several, every line names its client by id and address. A plain
 * operator line goes to every client, {@code @ID text} to one. Lines typed while nobody is connected
 * are held and go to the next client, so that a script piped into the console loses nothing.
 *
 * <p>Whether a client is alone is decided by the clients the operator has been shown arriving and not
 * yet leaving, counted under this object's lock, so that clients connecting or leaving at the same
 * time on different I/O threads still get one unambiguous transcript.
 *
 * <p>One per server. Called on I/O threads and on the operator's thread.
 */
public final class ConsoleMode implements ChatListener, OperatorDesk {

    private static final Pattern ADDRESSED = Pattern.compile("@(\\d{1,18}) (.*)", Pattern.DOTALL);

    private final Consumer<String> display;
    private final Map<Long, ChatSession> open;
    private final Queue<String> held = new ArrayDeque<>(); // guarded by this
    private int shown; // clients shown connected and not yet gone; guarded by this

    /**
     * Creates the mode.
     *
     * @param display receives each line to show the operator
     * @param open the server's open sessions by id, kept up to date by the server
     */
    public ConsoleMode(Consumer<String> display, Map<Long, ChatSession> open) {
        this.display = display;
        this.open = open;
    }

    @Override
    public synchronized void onConnected(ChatSession session) {
        shown++;
        display.accept(shown == 1
                ? "Client connected from " + Addresses.format(session.remoteAddress())
                : "Client " + ClientLabels.of(session) + " connected");
        while (!held.isEmpty()) {
            session.send(held.remove());
        }
    }

    @Override
    public synchronized void onLine(ChatSession session, String line) {
        display.accept(who(session, shown == 1) + " says: " + line);
    }

    @Override
    public synchronized void onLineTooLong(ChatSession session, int maxLineLength) {
        display.accept(who(session, shown == 1) + " sent a line of more than " + maxLineLength
                + " bytes; it was discarded");
    }

    @Override
    public synchronized void onClosed(ChatSession session, CloseReason reason) {
        boolean alone = shown == 1;
        shown--;
        String who = who(session, alone);
        String closing = alone ? "Closing connection" : "Closing connection with client #" + session.id();
        switch (reason) {
            case BYE_RECEIVED -> {
                display.accept(who + " says: BYE");
                display.accept(closing);
            }
            case BYE_SENT, CLOSED_LOCALLY -> display.accept(closing);
            case PEER_CLOSED -> display.accept(who + " disconnected");
            case FAILED -> display.accept((alone ? "Connection" : "Connection with client #" + session.id())
                    + " lost: " + session.failure().map(Throwable::getMessage).orElse("unknown error"));
        }
    }

    @Override
    public void operatorSays(String line) {
        Matcher addressed = ADDRESSED.matcher(line);
        if (addressed.matches()) {
            ChatSession client = open.get(Long.parseLong(addressed.group(1)));
            if (client == null) {
                display.accept("(no client #" + addressed.group(1) + " is connected)");
            } else {
                client.send(addressed.group(2));
            }
            return;
        }
        synchronized (this) {
            // While lines are held, a client is open but not yet welcomed: its onConnected sends them,
            // and this line must queue behind them, not overtake them.
            if (open.isEmpty() || !held.isEmpty()) {
                held.add(line);
            } else {
                open.values().forEach(client -> client.send(line));
            }
        }
    }

    private static String who(ChatSession session, boolean alone) {
        return alone ? "Client" : "Client " + ClientLabels.of(session);
    }
}
