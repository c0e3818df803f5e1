package dev.linechat.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linechat.ChatClient;
import dev.linechat.ChatException;
import dev.linechat.Tls;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.RunningCommand;
import dev.linechat.testing.TestPki.Issued;
import dev.linechat.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTlsTest {

    private static final Pattern FINGERPRINT =
            Pattern.compile("TLS certificate SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

    @TempDir
    static Path dir;
    private static TestPki authority;
    private static Issued server;

    @BeforeAll
    static void makeCertificates() {
        authority = TestPki.authority(dir, "serve-ca");
        server = authority.server("server", "localhost", "127.0.0.1");
    }

    private static void assertUsageError(String message, String... args) {
        RunningCommand.run(Main::run, args).assertUsageError(message);
    }

    @Test
    void helpDescribesTheTlsOptions() {
        Outcome help = RunningCommand.run(Main::run, "serve", "--help");
        for (String option : List.of("--tls", "--cert", "--key", "--tls-self-signed", "--client-ca")) {
            assertThat(help.out()).as(help.toString()).contains(option);
        }
    }

    @Test
    void tlsFlagsThatDoNotFitAreUsageErrors() {
        assertUsageError("--tls needs --cert FILE and --key FILE (or use --tls-self-signed)", "serve", "--tls");
        assertUsageError("--tls needs --cert FILE and --key FILE", "serve", "--tls", "--cert", server.cert().toString());
        assertUsageError("--cert and --key need --tls",
                "serve", "--cert", server.cert().toString(), "--key", server.key().toString());
        assertUsageError("--tls-self-signed makes its own certificate: drop --cert and --key",
                "serve", "--tls-self-signed", "--cert", server.cert().toString());
        assertUsageError("--client-ca needs --tls or --tls-self-signed", "serve", "--client-ca", server.cert().toString());
    }

    @Test
    void anUnreadableCertificateIsOneLineAndExitCode1() {
        Path missing = dir.resolve("missing.pem");
        Outcome outcome = RunningCommand.run(Main::run, "serve", "--port", "0", "--tls", "--cert", missing.toString(),
                "--key", server.key().toString());
        assertEquals(1, outcome.exitCode(), outcome::toString);
        assertEquals("chat serve: cannot read the TLS certificate " + missing + ": no such file", outcome.err().strip(),
                outcome::toString);
        assertEquals("", outcome.out(), outcome::toString);
    }

    @Test
    void aSelfSignedServerPrintsTheFingerprintItsClientsSee() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--tls-self-signed", "--port", "0", "--once")) {
            Matcher printed = FINGERPRINT.matcher(serve.out.next());
            assertThat(printed.matches()).as("the fingerprint line").isTrue();
            int port = serve.out.expectServerStarted();
            try (ChatClient client = ChatClient.builder().port(port).tls(Tls.client().insecure()).connect()) {
                assertEquals(Optional.of(printed.group(1)), client.serverFingerprint());
                assertThat(serve.out.next()).startsWith("Client connected from 127.0.0.1:");
                client.send("over TLS");
                serve.out.expect("Client says: over TLS");
                client.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
            }
            Outcome outcome = serve.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void aFailedHandshakeIsOneLineForTheOperatorAndTheServerCarriesOn() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0", "--once",
                "--tls", "--cert", server.cert().toString(), "--key", server.key().toString())) {
            int port = serve.out.expectServerStarted();
            assertThrows(ChatException.class, () -> ChatClient.builder().port(port).tls(Tls.client()).connect());
            assertThat(serve.out.next()).matches("TLS handshake with 127\\.0\\.0\\.1:\\d+ failed: "
                    + "the client rejected the server's certificate \\(certificate_unknown\\)");

            try (ChatClient client = ChatClient.builder().port(port).tls(Tls.client().trust(authority.authority().cert()))
                    .connect()) {
                assertThat(serve.out.next()).startsWith("Client connected from 127.0.0.1:");
                client.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
            }
            Outcome outcome = serve.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void mutualTlsAdmitsOnlyClientsWithACertificate() throws Exception {
        Issued alice = authority.client("alice");
        Tls trusting = Tls.client().trust(authority.authority().cert());
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0", "--once", "--tls",
                "--cert", server.cert().toString(), "--key", server.key().toString(),
                "--client-ca", authority.authority().cert().toString())) {
            int port = serve.out.expectServerStarted();
            assertThrows(ChatException.class, () -> ChatClient.builder().port(port).tls(trusting).connect());
            assertThat(serve.out.next()).matches("TLS handshake with 127\\.0\\.0\\.1:\\d+ failed: "
                    + "the client presented no certificate from an authority this server trusts");
            try (ChatClient client = ChatClient.builder().port(port).tls(trusting.identity(alice.cert(), alice.key()))
                    .connect()) {
                assertThat(serve.out.next()).startsWith("Client connected from 127.0.0.1:");
                client.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
            }
            assertEquals(0, serve.awaitExit().exitCode());
        }
    }
}
