package dev.linechat.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.ChatServer;
import dev.linechat.ServerMode;
import dev.linechat.Tls;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.RunningCommand;
import dev.linechat.testing.TestPki.Issued;
import dev.linechat.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectCommandTlsTest {

    @TempDir
    static Path dir;
    private static TestPki authority;
    private static Issued server;
    private static Issued alice;

    @BeforeAll
    static void makeCertificates() {
        authority = TestPki.authority(dir, "connect-ca");
        server = authority.server("server", "localhost", "127.0.0.1");
        alice = authority.client("alice");
    }

    /** An echo server: a line typed comes back as "Server says: ..." before the client leaves. */
    private static ChatServer echoServer(Tls tls) {
        return ChatServer.builder().port(0).mode(ServerMode.ECHO).tls(tls).start();
    }

    private static Outcome connect(ChatServer running, String... tlsArgs) throws InterruptedException {
        String[] args = new String[tlsArgs.length + 3];
        args[0] = "connect";
        args[1] = "--port";
        args[2] = String.valueOf(running.port());
        System.arraycopy(tlsArgs, 0, args, 3, tlsArgs.length);
        try (RunningCommand connect = RunningCommand.start(Main::run, args)) {
            connect.stdin.type("hello over TLS");
            connect.stdin.type("BYE");
            return connect.awaitExit();
        }
    }

    private static void assertUsageError(String message, String... args) {
        RunningCommand.run(Main::run, args).assertUsageError(message);
    }

    @Test
    void helpDescribesTheTlsOptions() {
        Outcome help = RunningCommand.run(Main::run, "connect", "--help");
        for (String option : List.of("--tls", "--trust", "--insecure", "--pin", "--cert", "--key")) {
            assertThat(help.out()).as(help.toString()).contains(option);
        }
    }

    @Test
    void tlsFlagsThatDoNotFitAreUsageErrors() {
        String ca = authority.authority().cert().toString();
        assertUsageError("--trust needs --tls", "connect", "--trust", ca);
        assertUsageError("--insecure needs --tls", "connect", "--insecure");
        assertUsageError("--cert needs --tls", "connect", "--cert", ca, "--key", ca);
        assertUsageError("--trust, --pin and --insecure exclude each other", "connect", "--tls", "--trust", ca, "--insecure");
        String pin = server.fingerprint();
        assertUsageError("--pin needs --tls", "connect", "--pin", pin);
        assertUsageError("--trust, --pin and --insecure exclude each other", "connect", "--tls", "--pin", pin, "--insecure");
        assertUsageError("--pin: a SHA-256 fingerprint is 64 hexadecimal digits", "connect", "--tls", "--pin", "AB:CD");
        assertUsageError("--cert and --key go together", "connect", "--tls", "--cert", ca);
    }

    @Test
    void anUnreadableTrustFileIsOneLineAndExitCode1() {
        Path missing = dir.resolve("missing.pem");
        Outcome outcome = RunningCommand.run(Main::run, "connect", "--tls", "--trust", missing.toString());
        assertEquals(1, outcome.exitCode(), outcome::toString);
        assertEquals("chat connect: cannot read the TLS certificates " + missing + ": no such file", outcome.err().strip(),
                outcome::toString);
        assertEquals("", outcome.out(), outcome::toString);
    }

    @Test
    void talksToAServerItsTrustFileVouchesFor() throws Exception {
        try (ChatServer running = echoServer(Tls.server(server.cert(), server.key()))) {
            Outcome outcome = connect(running, "--tls", "--trust", authority.authority().cert().toString());
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals("Connected to the server.\nServer says: hello over TLS\n", outcome.out(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void anUntrustedServerIsOneLineAndExitCode1() throws Exception {
        try (ChatServer running = echoServer(Tls.server(server.cert(), server.key()))) {
            Outcome outcome = connect(running, "--tls");
            assertEquals(1, outcome.exitCode(), outcome::toString);
            assertEquals("chat connect: cannot connect to 127.0.0.1:" + running.port() + ": TLS handshake failed: "
                    + "the server's certificate is not trusted (no trusted certificate authority issued it)",
                    outcome.err().strip(), outcome::toString);
            assertEquals("", outcome.out(), outcome::toString);
        }
    }

    @Test
    void insecureWarnsOnceWithTheFingerprintToCompare() throws Exception {
        Tls selfSigned = Tls.selfSigned("127.0.0.1");
        try (ChatServer running = echoServer(selfSigned)) {
            Outcome outcome = connect(running, "--tls", "--insecure");
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals("chat connect: warning: --insecure: the server's certificate was not verified;"
                    + " its SHA-256 fingerprint is " + selfSigned.fingerprint(), outcome.err().strip(), outcome::toString);
            assertEquals("Connected to the server.\nServer says: hello over TLS\n", outcome.out(), outcome::toString);
        }
    }

    @Test
    void aPinnedFingerprintAdmitsThatServerAloneWithoutAWarning() throws Exception {
        Tls selfSigned = Tls.selfSigned("127.0.0.1");
        try (ChatServer running = echoServer(selfSigned)) {
            Outcome outcome = connect(running, "--tls", "--pin", selfSigned.fingerprint());
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
            assertEquals("Connected to the server.\nServer says: hello over TLS\n", outcome.out(), outcome::toString);

            Outcome other = connect(running, "--tls", "--pin", server.fingerprint());
            assertEquals(1, other.exitCode(), other::toString);
            assertEquals("chat connect: cannot connect to 127.0.0.1:" + running.port() + ": TLS handshake failed: "
                    + "the server's certificate is not the one pinned (its SHA-256 fingerprint differs)",
                    other.err().strip(), other::toString);
        }
    }

    @Test
    void presentsItsCertificateToAServerThatRequiresOne() throws Exception {
        Tls mutual = Tls.server(server.cert(), server.key()).clientAuth(authority.authority().cert());
        try (ChatServer running = echoServer(mutual)) {
            Outcome outcome = connect(running, "--tls", "--trust", authority.authority().cert().toString(),
                    "--cert", alice.cert().toString(), "--key", alice.key().toString());
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);

            Outcome anonymous = connect(running, "--tls", "--trust", authority.authority().cert().toString());
            assertEquals(1, anonymous.exitCode(), anonymous::toString);
            assertEquals("chat connect: cannot connect to 127.0.0.1:" + running.port() + ": TLS handshake failed: "
                    + "the server requires a client certificate", anonymous.err().strip(), anonymous::toString);
            assertEquals("", anonymous.out(), anonymous::toString);
        }
    }
}
