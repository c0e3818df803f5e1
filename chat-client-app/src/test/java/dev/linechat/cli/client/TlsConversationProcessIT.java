package dev.linechat.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.Outcome;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Both apps through the real launcher, speaking TLS. ({@code --trust} and certificate files are
 * covered by ConnectCommandTlsTest in this JVM, and by the openssl test of the server app.)
 */
class TlsConversationProcessIT {

    private static final Pattern FINGERPRINT =
            Pattern.compile("TLS certificate SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");
    private static final String CONNECTED_FROM_LOOPBACK = "Client connected from 127\\.0\\.0\\.1:\\d+";

    @Test
    void aSelfSignedServerAndAnInsecureClientCompareFingerprints() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--tls-self-signed", "--port", "0", "--once")) {
            Matcher printed = FINGERPRINT.matcher(serve.out.next());
            assertTrue(printed.matches(), "not the fingerprint line");
            int port = serve.out.expectServerStarted();
            try (LaunchedApp connect = LaunchedApp.start("connect", "--tls", "--insecure", "--port", String.valueOf(port))) {
                connect.out.expect("Connected to the server.");
                assertThat(serve.out.next()).matches(CONNECTED_FROM_LOOPBACK);

                connect.type("Hello? Are you there?");
                serve.out.expect("Client says: Hello? Are you there?");
                serve.type("Ça coûte 5 € — chiffré");
                connect.out.expect("Server says: Ça coûte 5 € — chiffré");
                connect.endInput(); // the client says BYE for the user
                serve.out.expect("Client says: BYE", "Closing connection");

                Outcome client = connect.awaitExit();
                assertEquals(0, client.exitCode(), client::toString);
                assertEquals(List.of("chat connect: warning: --insecure: the server's certificate was not verified;"
                        + " its SHA-256 fingerprint is " + printed.group(1)), LaunchedApp.errorLines(client), client::toString);
                assertEquals(List.of(), connect.out.unread(), client::toString);
            }
            Outcome server = serve.awaitExit();
            LaunchedApp.assertQuietSuccess(server);
            assertEquals(List.of(), serve.out.unread(), server::toString);
        }
    }

    @Test
    void aFailedHandshakeIsOneLineOnEachSide() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--tls-self-signed", "--port", "0")) {
            serve.out.next(); // the fingerprint
            int port = serve.out.expectServerStarted();
            try (LaunchedApp connect = LaunchedApp.start("connect", "--tls", "--port", String.valueOf(port))) {
                Outcome client = connect.awaitExit();
                assertEquals(1, client.exitCode(), client::toString);
                assertEquals(List.of("chat connect: cannot connect to 127.0.0.1:" + port + ": TLS handshake failed: "
                        + "the server's certificate is not trusted (no trusted certificate authority issued it)"),
                        LaunchedApp.errorLines(client), client::toString);
                assertEquals("", client.out(), client::toString);
            }
            assertThat(serve.out.next()).matches("TLS handshake with 127\\.0\\.0\\.1:\\d+ failed: "
                    + "the client rejected the server's certificate \\(certificate_unknown\\)");
            serve.terminate();
            Outcome server = serve.awaitExit();
            LaunchedApp.assertQuietSuccess(server);
            assertEquals(List.of(), serve.out.unread(), server::toString);
        }
    }
}
