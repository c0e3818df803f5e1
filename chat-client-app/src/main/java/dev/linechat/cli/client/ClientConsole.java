package dev.linechat.cli.client;

import dev.linechat.ChatListener;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import dev.linechat.console.LineConsole;
import dev.linechat.pipeline.ByeHandler;
import java.io.PrintWriter;

/**
 * The lab's client console: sends the user's lines and shows the server's. {@code BYE} or the end of
 * the user's input ends the conversation; so does the server, which the console then reports.
 */
final class ClientConsole implements ChatListener {

    private final LineConsole console;
    private final PrintWriter err;
    private volatile ChatSession server;

    ClientConsole(LineConsole console, PrintWriter err) {
        this.console = console;
        this.err = err;
    }

    @Override
    public void onConnected(ChatSession session) {
        server = session;
    }

    @Override
    public void onLine(ChatSession session, String line) {
        console.show("Server says: " + line);
    }

    @Override
    public void onLineTooLong(ChatSession session, int maxLineLength) {
        err.println("chat connect: discarded a line of more than " + maxLineLength
                + " bytes from the server; the server was told");
        err.flush();
    }

    @Override
    public void onClosed(ChatSession session, CloseReason reason) {
        switch (reason) {
            case BYE_RECEIVED -> console.show("Server said BYE: connection closed.");
            case PEER_CLOSED -> console.show("Server closed the connection.");
            case FAILED -> {
                err.println("chat connect: connection lost: "
                        + session.failure().map(Throwable::getMessage).orElse("unknown error"));
                err.flush();
            }
            case BYE_SENT, CLOSED_LOCALLY -> {
                // the user ended the conversation: nothing to report
            }
        }
    }

    /** Sends a line the user typed; returns whether the user may type on (not after {@code BYE}). */
    boolean userSays(String line) {
        ChatSession session = server;
        if (session != null && session.isOpen()) {
            session.send(line);
        }
        return !ByeHandler.isBye(line);
    }

    /** The user's input has ended: say {@code BYE}, as if the user had typed it. */
    void userLeft() {
        userSays(ByeHandler.BYE);
    }
}
