package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linechat.testing.ChatThreads;
import dev.linechat.testing.TestPki.Issued;
import dev.linechat.testing.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS handshake matrix over loopback: real servers and clients, certificates made for the run. */
@SuppressWarnings("try") // a connection can matter just by being open
class TlsIT {

    @TempDir
    static Path dir;
    private static TestPki authority;
    private static TestPki stranger;
    private static Issued server;
    private static Issued wrongHost;
    private static Issued expired;
    private static Issued alice;
    private static Issued mallory;

    private final RecordingListener serverEvents = new RecordingListener();
    private final RecordingListener clientEvents = new RecordingListener();
    private final BlockingQueue<String> operator = new LinkedBlockingQueue<>();

    @BeforeAll
    static void makeCertificates() {
        authority = TestPki.authority(dir, "chat-test-ca");
        stranger = TestPki.authority(dir, "stranger-ca");
        server = authority.server("server", "localhost", "127.0.0.1");
        wrongHost = authority.server("wrong-host", "wrong.example");
        expired = authority.expiredServer("expired", "localhost", "127.0.0.1");
        alice = authority.client("alice");
        mallory = stranger.client("mallory");
    }

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    private ChatServer start(Tls tls) {
        return ChatServer.builder().port(0).listener(serverEvents).operator(operator::add).tls(tls).start();
    }

    private ChatClient.Builder clientOf(ChatServer running, Tls tls) {
        return ChatClient.builder().port(running.port()).listener(clientEvents).tls(tls);
    }

    private static Tls trustingTheAuthority() {
        return Tls.client().trust(authority.authority().cert());
    }

    private String nextOperatorLine() throws InterruptedException {
        String line = operator.poll(5, SECONDS);
        assertNotNull(line, "no operator line within 5 seconds");
        return line;
    }

    /** Connects a client that must fail its handshake, and returns the one-line reason it gives. */
    private String refusedConnection(ChatServer running, ChatClient.Builder client) {
        ChatException failed = assertThrows(ChatException.class, client::connect);
        String prefix = "cannot connect to 127.0.0.1:" + running.port() + ": TLS handshake failed: ";
        assertThat(failed.getMessage()).startsWith(prefix).doesNotContain("\n").doesNotContain("sun.security");
        return failed.getMessage().substring(prefix.length());
    }

    @Test
    void carriesLinesBothWaysWhenTheServerIsTrusted() throws Exception {
        try (ChatServer running = start(Tls.server(server.cert(), server.key()));
                ChatClient client = clientOf(running, trustingTheAuthority()).connect()) {
            assertEquals(client.session(), clientEvents.nextConnected());
            ChatSession peer = serverEvents.nextConnected();
            assertThat(nextOperatorLine()).startsWith("Client connected from 127.0.0.1:");
            assertEquals(Optional.of(server.fingerprint()), client.serverFingerprint());

            client.send("ça va? 😀");
            assertEquals("ça va? 😀", serverEvents.nextLine());
            peer.send("très bien €");
            assertEquals("très bien €", clientEvents.nextLine());
        }
    }

    @Test
    void checksTheHostNameTheClientAskedFor() throws Exception {
        try (ChatServer running = start(Tls.server(server.cert(), server.key()));
                ChatClient client = clientOf(running, trustingTheAuthority()).host("localhost").connect()) {
            clientEvents.nextConnected();
            client.send("by name");
            serverEvents.nextConnected();
            assertEquals("by name", serverEvents.nextLine());
        }
    }

    @Test
    void refusesAServerCertificateNobodyTrustedIssued() throws Exception {
        try (ChatServer running = start(Tls.server(server.cert(), server.key()))) {
            String reason = refusedConnection(running, clientOf(running, Tls.client().trust(stranger.authority().cert())));
            assertThat(reason).startsWith("the server's certificate is not trusted");
            assertThat(nextOperatorLine()).matches("TLS handshake with 127\\.0\\.0\\.1:\\d+ failed: "
                    + "the client rejected the server's certificate \\(\\w+\\)");

            // The failed handshake was never a session: the next client is the server's first.
            try (ChatClient client = clientOf(running, trustingTheAuthority()).connect()) {
                assertEquals(1, serverEvents.nextConnected().id());
            }
        }
    }

    @Test
    void theSystemTrustStoreDoesNotKnowAPrivateAuthority() {
        try (ChatServer running = start(Tls.server(server.cert(), server.key()))) {
            assertThat(refusedConnection(running, clientOf(running, Tls.client())))
                    .startsWith("the server's certificate is not trusted");
        }
    }

    @Test
    void refusesACertificateForAnotherHost() throws Exception {
        try (ChatServer running = start(Tls.server(wrongHost.cert(), wrongHost.key()))) {
            assertThat(refusedConnection(running, clientOf(running, trustingTheAuthority())))
                    .startsWith("the server's certificate is for another host")
                    .contains("127.0.0.1");
            assertThat(nextOperatorLine()).contains("failed: the client rejected the server's certificate");
        }
    }

    @Test
    void refusesAnExpiredCertificate() throws Exception {
        try (ChatServer running = start(Tls.server(expired.cert(), expired.key()))) {
            assertEquals("the server's certificate has expired",
                    refusedConnection(running, clientOf(running, trustingTheAuthority())));
            // JDK 17 clients send certificate_unknown, newer ones say what is wrong: certificate_expired.
            assertThat(nextOperatorLine()).containsAnyOf("failed: the client rejected the server's certificate",
                    "failed: the client says the server's certificate has expired");
        }
    }

    @Test
    void insecureClientsAcceptAnyCertificate() throws Exception {
        for (Issued any : new Issued[] {wrongHost, expired}) {
            try (ChatServer running = start(Tls.server(any.cert(), any.key()));
                    ChatClient client = clientOf(running, Tls.client().insecure()).connect()) {
                assertEquals(Optional.of(any.fingerprint()), client.serverFingerprint());
                client.send("encrypted all the same");
                serverEvents.nextConnected();
                assertEquals("encrypted all the same", serverEvents.nextLine());
                client.close();
                assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
            }
        }
    }

    @Test
    void aSelfSignedServerShowsTheFingerprintItsClientsSee() throws Exception {
        Tls selfSigned = Tls.selfSigned("127.0.0.1");
        assertThat(selfSigned.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        try (ChatServer running = start(selfSigned);
                ChatClient client = clientOf(running, Tls.client().insecure()).connect()) {
            assertEquals(Optional.of(selfSigned.fingerprint()), client.serverFingerprint());
        }
        try (ChatServer running = start(selfSigned)) {
            assertThat(refusedConnection(running, clientOf(running, trustingTheAuthority())))
                    .startsWith("the server's certificate is not trusted");
        }
    }

    @Test
    void aPinnedClientAcceptsThatOneCertificateAndNoOther() throws Exception {
        Tls selfSigned = Tls.selfSigned("chat.example"); // the pin stands for the server, whatever name it gives
        try (ChatServer running = start(selfSigned)) {
            String lowerCaseWithoutColons = selfSigned.fingerprint().replace(":", "").toLowerCase(java.util.Locale.ROOT);
            for (String pin : List.of(selfSigned.fingerprint(), lowerCaseWithoutColons)) {
                try (ChatClient client = clientOf(running, Tls.client().pin(pin)).connect()) {
                    client.send("pinned");
                    serverEvents.nextConnected();
                    assertEquals("pinned", serverEvents.nextLine());
                }
                serverEvents.nextClosed();
            }
            assertThat(refusedConnection(running, clientOf(running, Tls.client().pin(server.fingerprint()))))
                    .isEqualTo("the server's certificate is not the one pinned (its SHA-256 fingerprint differs)");
        }
    }

    @Test
    void mutualTlsAdmitsAClientWithACertificateFromTheAuthority() throws Exception {
        Tls mutual = Tls.server(server.cert(), server.key()).clientAuth(authority.authority().cert());
        try (ChatServer running = start(mutual);
                ChatClient client = clientOf(running, trustingTheAuthority().identity(alice.cert(), alice.key())).connect()) {
            client.send("it's alice");
            serverEvents.nextConnected();
            assertEquals("it's alice", serverEvents.nextLine());
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        Tls mutual = Tls.server(server.cert(), server.key()).clientAuth(authority.authority().cert());
        try (ChatServer running = start(mutual)) {
            assertEquals("the server requires a client certificate", refusal(running, trustingTheAuthority()));
            assertThat(nextOperatorLine()).matches("TLS handshake with 127\\.0\\.0\\.1:\\d+ failed: "
                    + "the client presented no certificate from an authority this server trusts");
        }
    }

    @Test
    void mutualTlsRefusesAClientCertificateFromAnotherAuthority() throws Exception {
        Tls mutual = Tls.server(server.cert(), server.key()).clientAuth(authority.authority().cert());
        try (ChatServer running = start(mutual)) {
            // JDK 17 servers answer with bad_certificate, newer ones with certificate_required.
            assertThat(refusal(running, trustingTheAuthority().identity(mallory.cert(), mallory.key())))
                    .isIn("the server rejected the client's certificate (bad_certificate)",
                            "the server requires a client certificate from an authority it trusts");
            // A JDK client presents only a certificate from an authority the server names.
            assertThat(nextOperatorLine()).endsWith("failed: the client presented no certificate from an authority"
                    + " this server trusts");
        }
    }

    /**
     * Returns why the server refused a client's certificate. With TLS 1.3 the client has finished its
     * side of the handshake before the server checks the certificate: connect() waits for the
     * server's verdict all the same, and the client's listener never hears of the connection.
     */
    private String refusal(ChatServer running, Tls tls) {
        AtomicBoolean heard = new AtomicBoolean();
        String reason = refusedConnection(running, ChatClient.builder().port(running.port()).tls(tls)
                .listener(new ChatListener() {
                    @Override
                    public void onConnected(ChatSession session) {
                        heard.set(true);
                    }
                }));
        assertFalse(heard.get(), "the listener heard of a refused connection");
        return reason;
    }

    @Test
    void aPlainTextClientIsReportedAndNeverConnected() throws Exception {
        try (ChatServer running = start(Tls.server(server.cert(), server.key()));
                Socket plain = new Socket("127.0.0.1", running.port())) {
            plain.setSoTimeout(5000);
            OutputStream out = plain.getOutputStream();
            out.write("Hello? Are you there?\n".getBytes(UTF_8));
            out.flush();
            InputStream in = plain.getInputStream();
            assertThat(in.readAllBytes()).as("nothing readable goes back").doesNotContain((byte) '\n');
            assertEquals("TLS handshake with 127.0.0.1:" + plain.getLocalPort() + " failed: the client does not speak TLS",
                    nextOperatorLine());
            assertNull(operator.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aTlsClientOfAPlainServerTimesOutWithAHint() {
        try (ChatServer plain = ChatServer.builder().port(0).start()) {
            ChatException failed = assertThrows(ChatException.class, () -> ChatClient.builder().port(plain.port())
                    .tls(Tls.client().insecure()).connectTimeout(Duration.ofMillis(500)).connect());
            assertThat(failed.getMessage()).endsWith("TLS handshake failed: timed out (does the server speak TLS?)");
        }
    }

    @Test
    void theFarewellArrivesBeforeTheServerClosesTls() throws Exception {
        ChatServer running = start(Tls.server(server.cert(), server.key()));
        try (running; ChatClient client = clientOf(running, trustingTheAuthority()).connect()) {
            clientEvents.nextConnected();
            serverEvents.nextConnected();
            running.close();
            assertEquals(ChatServer.FAREWELL, clientEvents.nextLine());
            assertEquals(CloseReason.PEER_CLOSED, clientEvents.nextClosed());
            assertEquals(CloseReason.CLOSED_LOCALLY, serverEvents.nextClosed());
        }
    }

    @Test
    void aRefusedClientHearsWhyOverTls() throws Exception {
        try (ChatServer running = ChatServer.builder().port(0).maxClients(1).listener(serverEvents)
                    .tls(Tls.server(server.cert(), server.key())).start();
                ChatClient first = clientOf(running, trustingTheAuthority()).connect()) {
            serverEvents.nextConnected();
            clientEvents.nextConnected();
            RecordingListener secondEvents = new RecordingListener();
            try (ChatClient second = ChatClient.builder().port(running.port()).listener(secondEvents)
                    .tls(trustingTheAuthority()).connect()) {
                secondEvents.nextConnected();
                assertThat(secondEvents.nextLine()).startsWith("ERROR server busy");
                assertEquals(CloseReason.PEER_CLOSED, secondEvents.nextClosed());
            }
            first.send("still here");
            assertEquals("still here", serverEvents.nextLine());
        }
    }

    @Test
    void byeEndsATlsConversationAsItEndsAPlainOne() throws Exception {
        try (ChatServer running = start(Tls.server(server.cert(), server.key()));
                ChatClient client = clientOf(running, trustingTheAuthority()).connect()) {
            clientEvents.nextConnected();
            ChatSession peer = serverEvents.nextConnected();
            peer.send("last words");
            peer.send("BYE");
            assertEquals("last words", clientEvents.nextLine());
            assertEquals(CloseReason.BYE_RECEIVED, client.closeFuture().get(5, SECONDS));
            assertEquals(CloseReason.BYE_SENT, serverEvents.nextClosed());
        }
    }
}
