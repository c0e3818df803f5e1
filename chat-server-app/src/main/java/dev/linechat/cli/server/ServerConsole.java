package dev.linechat.cli.server;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import dev.linechat.console.LineConsole;
import dev.linechat.internal.Addresses;
import dev.linechat.pipeline.ByeHandler;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;

/**
 * The lab's operator console: shows the connected client's lines and sends it the operator's.
 *
 * <p>Lines the operator types while no client is connected are held and sent to the next client,
 * so that a script piped into {@code chat serve} loses nothing. The end of the operator's input
 * means "leave" at a terminal (the client is told {@code BYE}), and "nothing more to say" in a pipe
 * (the server keeps listening).
 */
final class ServerConsole implements ChatListener {

    private final LineConsole console;
    private final PrintWriter err;
    private final boolean once;
    private final boolean interactive;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Queue<String> held = new ArrayDeque<>();
    private ChatSession client;
    private boolean leaving;

    ServerConsole(LineConsole console, PrintWriter err, boolean once, boolean interactive) {
        this.console = console;
        this.err = err;
        this.once = once;
        this.interactive = interactive;
    }

    @Override
    public synchronized void onConnected(ChatSession session) {
        client = session;
        console.show("Client connected from " + Addresses.format(session.remoteAddress()));
        while (!held.isEmpty()) {
            session.send(held.remove());
        }
    }

    @Override
    public void onLine(ChatSession session, String line) {
        console.show("Client says: " + line);
    }

    @Override
    public void onLineTooLong(ChatSession session, int maxLineLength) {
        err.println("chat serve: discarded a line of more than " + maxLineLength + " bytes from the client");
        err.flush();
    }

    @Override
    public void onClosed(ChatSession session, CloseReason reason) {
        switch (reason) {
            case BYE_RECEIVED -> {
                console.show("Client says: " + ByeHandler.BYE);
                console.show("Closing connection");
            }
            case BYE_SENT, CLOSED_LOCALLY -> console.show("Closing connection");
            case PEER_CLOSED -> console.show("Client disconnected");
            case FAILED -> console.show("Connection lost: "
                    + session.failure().map(Throwable::getMessage).orElse("unknown error"));
        }
        boolean last;
        synchronized (this) {
            client = null;
            last = once || leaving;
        }
        if (last) {
            ended.countDown();
        } else {
            console.show("Waiting for a client...");
        }
    }

    /**
     * Sends a line the operator typed to the client, or holds it until one connects. Returns whether
     * the operator may type on: not after the {@code BYE} that ends the last conversation.
     */
    synchronized boolean operatorSays(String line) {
        if (client != null) {
            client.send(line);
        } else {
            held.add(line);
            if (interactive) {
                console.show("(no client is connected: the line will be sent to the next one)");
            }
        }
        return !(once && ByeHandler.isBye(line));
    }

    /** The operator's input has ended. */
    synchronized void operatorLeft() {
        if (!interactive) {
            return; // a script has said all it had to say; the conversation goes on
        }
        leaving = true;
        if (client != null) {
            client.send(ByeHandler.BYE); // the close event ends the wait
        } else {
            ended.countDown();
        }
    }

    void awaitEnd() throws InterruptedException {
        ended.await();
    }
}
