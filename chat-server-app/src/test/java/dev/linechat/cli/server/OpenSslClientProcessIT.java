package dev.linechat.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.PrintedLines;
import dev.linechat.testing.TestPki.Issued;
import dev.linechat.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat serve --tls} with the everyday TLS client, {@code openssl s_client}, checking the
 * server's certificate as a careful user would. Skipped where openssl is not installed.
 */
class OpenSslClientProcessIT {

    @TempDir
    static Path dir;
    private static TestPki authority;
    private static Issued server;

    @BeforeAll
    static void needsOpenSsl() throws InterruptedException {
        assumeTrue(openSslInstalled(), "openssl is not installed");
        authority = TestPki.authority(dir, "openssl-ca");
        server = authority.server("server", "localhost", "127.0.0.1");
    }

    private static boolean openSslInstalled() throws InterruptedException {
        try {
            Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException notFound) {
            return false;
        }
    }

    @Test
    void sClientVerifiesTheServerAndHoldsTheConversation() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0", "--once",
                "--tls", "--cert", server.cert().toString(), "--key", server.key().toString())) {
            int port = serve.out.expectServerStarted();
            try (SClient openssl = SClient.connect(port)) {
                assertThat(serve.out.next()).matches("Client connected from 127\\.0\\.0\\.1:\\d+");
                openssl.type("Hello from openssl, é €");
                serve.out.expect("Client says: Hello from openssl, é €");
                serve.type("Hello, openssl");
                openssl.out.expect("Hello, openssl");
                openssl.type("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
                assertEquals(0, openssl.awaitExit(), openssl::toString);
            }
            LaunchedApp.assertQuietSuccess(serve.awaitExit());
        }
    }

    @Test
    void mutualTlsTurnsAwayAnSClientWithoutACertificateAndAdmitsOneWithIt() throws Exception {
        Issued alice = authority.client("alice");
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--tls", "--cert", server.cert().toString(),
                "--key", server.key().toString(), "--client-ca", authority.authority().cert().toString()));
        try (LaunchedApp serve = LaunchedApp.start(args.toArray(String[]::new))) {
            int port = serve.out.expectServerStarted();
            try (SClient anonymous = SClient.connect(port)) {
                assertThat(serve.out.next()).matches("TLS handshake with 127\\.0\\.0\\.1:\\d+ failed: "
                        + "the client presented no certificate from an authority this server trusts");
                assertThat(anonymous.awaitExit()).as(anonymous.toString()).isNotZero();
            }
            try (SClient openssl = SClient.connect(port, "-cert", alice.cert().toString(), "-key", alice.key().toString())) {
                assertThat(serve.out.next()).matches("Client connected from 127\\.0\\.0\\.1:\\d+");
                openssl.type("it's alice");
                serve.out.expect("Client says: it's alice");
                openssl.type("BYE");
                serve.out.expect("Client says: BYE", "Closing connection", "Waiting for a client...");
                assertEquals(0, openssl.awaitExit(), openssl::toString);
            }
            serve.terminate();
            Outcome outcome = serve.awaitExit();
            LaunchedApp.assertQuietSuccess(outcome);
            assertEquals(List.of(), serve.out.unread(), outcome::toString);
        }
    }

    /** {@code openssl s_client -quiet}: stdin goes to the server, what the server says comes out. */
    private static final class SClient implements AutoCloseable {
        final PrintedLines out = new PrintedLines(() -> "");
        private final PrintedLines err = new PrintedLines(() -> "");
        private final Process process;
        private final Writer stdin;

        private SClient(Process process) {
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            copy(process.getInputStream(), out);
            copy(process.getErrorStream(), err);
        }

        static SClient connect(int port, String... more) throws IOException {
            List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                    "-quiet", "-CAfile", authority.authority().cert().toString(), "-verify_return_error",
                    "-verify_ip", "127.0.0.1"));
            command.addAll(List.of(more));
            return new SClient(new ProcessBuilder(command).start());
        }

        void type(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(PrintedLines.LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("openssl s_client still running:\n" + this);
            }
            return process.exitValue();
        }

        private static void copy(InputStream from, PrintedLines to) {
            Thread reader = new Thread(() -> {
                try (Reader text = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                    text.transferTo(to);
                } catch (IOException gone) {
                    // the process is gone
                }
            }, "openssl reader");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public String toString() {
            return "--- openssl stdout ---\n" + out.text() + "\n--- openssl stderr ---\n" + err.text();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(PrintedLines.LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
