package dev.linechat.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.linechat.ChatClient;
import dev.linechat.ChatException;
import dev.linechat.ChatListener;
import dev.linechat.ChatServer;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import dev.linechat.Tls;
import dev.linechat.testing.ChatThreads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsPairIT {

    private static final String SHA_256 = "([0-9A-F]{2}:){31}[0-9A-F]{2}";

    private final Tls tls = Tls.selfSigned("localhost");

    @AfterEach
    void leavesNoThreads() throws InterruptedException {
        ChatThreads.assertNoneAlive(ChatThreads.CHAT);
    }

    @Test
    void printsTheFingerprintAndTheEcho() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TlsPair.run(new PrintStream(out, true, UTF_8));

        List<String> lines = List.of(out.toString(UTF_8).split("\\R"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("TLS echo server on 127\\.0\\.0\\.1:\\d+, certificate SHA-256 " + SHA_256);
        assertThat(lines.get(1)).isEqualTo("echoed: Hello over TLS");
    }

    @Test
    void clientPinnedToTheCertificateExchangesALine() {
        try (ChatServer server = TlsPair.startServer(tls, 0)) {
            assertThat(tls.fingerprint()).matches(SHA_256);
            String fingerprint = tls.fingerprint().toLowerCase(Locale.ROOT); // as someone may type it

            assertThat(TlsPair.exchange(server.port(), fingerprint, "Grüße über TLS")).isEqualTo("Grüße über TLS");
        }
    }

    @Test
    void clientPinnedToAnotherCertificateHangsUpBeforeSendingAWord() throws Exception {
        String other = Tls.selfSigned("localhost").fingerprint();
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (ChatServer server = ChatServer.builder().port(0).tls(tls).listener(recorder(heard)).start()) {
            assertThatExceptionOfType(ChatException.class)
                    .isThrownBy(() -> TlsPair.exchange(server.port(), other, "secret"))
                    .withMessage("cannot connect to 127.0.0.1:" + server.port() + ": TLS handshake failed: "
                            + "the server's certificate is not the one pinned (its SHA-256 fingerprint differs)");
        }
        assertThat(heard).isEmpty(); // the handshake failed: the server never had a session, let alone a line
    }

    @Test
    void clientTrustingTheSystemAuthoritiesRefusesTheCertificate() {
        try (ChatServer server = TlsPair.startServer(tls, 0)) {
            assertThatExceptionOfType(ChatException.class)
                    .isThrownBy(() -> ChatClient.builder().port(server.port()).tls(Tls.client()).connect())
                    .withMessage("cannot connect to 127.0.0.1:" + server.port() + ": TLS handshake failed:"
                            + " the server's certificate is not trusted (no trusted certificate authority issued it)");
        }
    }

    /** Records the lines a server hears, and its connections' ends, in order. */
    private static ChatListener recorder(BlockingQueue<String> heard) {
        return new ChatListener() {
            @Override
            public void onLine(ChatSession session, String line) {
                heard.add(line);
            }

            @Override
            public void onClosed(ChatSession session, CloseReason reason) {
                heard.add("closed");
            }
        };
    }
}
