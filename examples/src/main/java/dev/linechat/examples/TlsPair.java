package dev.linechat.examples;

import dev.linechat.ChatClient;
import dev.linechat.ChatException;
import dev.linechat.ChatListener;
import dev.linechat.ChatServer;
import dev.linechat.LineInbox;
import dev.linechat.ServerMode;
import dev.linechat.Tls;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A TLS server and client pair. The server makes itself a certificate at start-up with
 * {@link Tls#selfSigned}; no authority vouches for it, so the client is given the certificate's
 * SHA-256 fingerprint and accepts that certificate alone ({@link Tls#pin}): with any other, the
 * handshake fails before a word is sent.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am test-compile exec:java -Dexample=TlsPair}: it
 * starts a TLS echo server on a free port, prints the certificate's fingerprint, sends a line through
 * the client and prints the echo.
 */
public final class TlsPair {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private TlsPair() {
    }

    /**
     * Runs the pair once.
     *
     * @param args none
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Starts the server, has the client exchange a line with it, and closes both.
     *
     * @param out receives the fingerprint and the echo
     */
    static void run(PrintStream out) {
        Tls tls = Tls.selfSigned("localhost");
        try (ChatServer server = startServer(tls, 0)) {
            out.println("TLS echo server on 127.0.0.1:" + server.port() + ", certificate SHA-256 " + tls.fingerprint());
            out.println("echoed: " + exchange(server.port(), tls.fingerprint(), "Hello over TLS"));
        }
    }

    /**
     * Starts an echo server that speaks TLS on 127.0.0.1.
     *
     * @param tls the server's settings, with its certificate
     * @param port the port, or 0 for any free one
     * @return the running server; close it to stop it
     */
    public static ChatServer startServer(Tls tls, int port) {
        return ChatServer.builder().port(port).mode(ServerMode.ECHO).tls(tls).start();
    }

    /**
     * Connects to a TLS echo server on 127.0.0.1 whose certificate has the given fingerprint, sends a
     * line, and says {@code BYE} once the echo is back.
     *
     * @param port the server's port
     * @param fingerprint the SHA-256 fingerprint of the server's certificate, as {@link Tls#fingerprint()} gives it
     * @param line the line to send
     * @return the echo
     * @throws ChatException if the connection fails, the server presents another certificate, or no echo comes
     */
    public static String exchange(int port, String fingerprint, String line) {
        LineInbox inbox = new LineInbox();
        try (ChatClient client = connectPinned(port, fingerprint, inbox)) {
            client.send(line);
            String echo = inbox.next(PATIENCE);
            client.send("BYE");
            inbox.awaitClose(PATIENCE);
            return echo;
        }
    }

    /**
     * Connects over TLS to 127.0.0.1, accepting only the server certificate with the given
     * fingerprint.
     *
     * @param port the server's port
     * @param fingerprint the SHA-256 fingerprint of the certificate expected, in any case, colons allowed
     * @param listener receives the connection's events
     * @return the connected client, nothing sent yet
     * @throws ChatException if the connection fails, or the server presents another certificate
     */
    public static ChatClient connectPinned(int port, String fingerprint, ChatListener listener) {
        return ChatClient.builder().port(port).tls(Tls.client().pin(fingerprint)).listener(listener).connect();
    }
}
