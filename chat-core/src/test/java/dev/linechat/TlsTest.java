package dev.linechat;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.internal.Pem;
import dev.linechat.testing.TestPki;
import dev.linechat.testing.TestPki.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS settings: files read and checked when made, clear messages, server and client kept apart. */
class TlsTest {

    @TempDir
    static Path dir;
    private static TestPki authority;
    private static Issued server;

    @BeforeAll
    static void makeCertificates() {
        authority = TestPki.authority(dir, "settings-ca");
        server = authority.server("server", "localhost");
    }

    @Test
    void aServerPresentsItsCertificateAndTellsItsFingerprint() {
        Tls tls = Tls.server(server.cert(), server.key());
        assertTrue(tls.isServer());
        assertEquals(server.fingerprint(), tls.fingerprint());
        assertThat(tls.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void aChainFileMayHoldTextAndSeveralCertificates() throws Exception {
        Path chain = Files.writeString(dir.resolve("chain.pem"), "subject=CN = server\n"
                + Files.readString(server.cert(), US_ASCII) + "issuer\n" + Files.readString(authority.authority().cert(), US_ASCII),
                US_ASCII);
        assertEquals(server.fingerprint(), Tls.server(chain, server.key()).fingerprint());
    }

    @Test
    void aMissingFileIsNamedInOneLine() {
        Path missing = dir.resolve("missing.pem");
        ChatException e = assertThrows(ChatException.class, () -> Tls.server(missing, server.key()));
        assertEquals("cannot read the TLS certificate " + missing + ": no such file", e.getMessage());
        e = assertThrows(ChatException.class, () -> Tls.server(server.cert(), missing));
        assertEquals("cannot read the TLS key " + missing + ": no such file", e.getMessage());
        e = assertThrows(ChatException.class, () -> Tls.client().trust(missing));
        assertEquals("cannot read the TLS certificates " + missing + ": no such file", e.getMessage());
    }

    @Test
    void swappedFilesAreRefusedForWhatTheyLack() {
        ChatException e = assertThrows(ChatException.class, () -> Tls.server(server.key(), server.cert()));
        assertEquals("the TLS certificate " + server.key() + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                e.getMessage());
        e = assertThrows(ChatException.class, () -> Tls.server(server.cert(), server.cert()));
        assertEquals("the TLS key " + server.cert() + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)",
                e.getMessage());
    }

    @Test
    void anEncryptedKeyIsRefusedWithAHint() throws Exception {
        Path encrypted = Files.writeString(dir.resolve("encrypted-key.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n", US_ASCII);
        ChatException e = assertThrows(ChatException.class, () -> Tls.server(server.cert(), encrypted));
        assertThat(e.getMessage()).contains("holds an encrypted private key; decrypt it first");
    }

    @Test
    void aBrokenKeyFailsWhenTheServerStartsNamingTheFiles() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken-key.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", US_ASCII);
        Tls tls = Tls.server(server.cert(), broken);
        ChatException e = assertThrows(ChatException.class, () -> ChatServer.builder().port(0).tls(tls).start());
        assertThat(e.getMessage()).startsWith("cannot use " + server.cert() + " with key " + broken + ": ")
                .doesNotContain("\n");
    }

    @Test
    void aSelfSignedCertificateNamesItsHostAndLastsAYear() throws Exception {
        Map<String, List<?>> alternativeNames = Map.of( // as X509Certificate lists them: type 2 DNS, 7 IP
                "localhost", List.of(2, "localhost"), "127.0.0.1", List.of(7, "127.0.0.1"), "::1", List.of(7, "0:0:0:0:0:0:0:1"));
        for (String host : alternativeNames.keySet()) {
            Tls tls = Tls.selfSigned(host);
            X509Certificate certificate = tls.identity().chain().get(0);
            assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
            certificate.verify(certificate.getPublicKey());
            assertThat(certificate.getSubjectAlternativeNames()).containsExactly(alternativeNames.get(host));
            assertEquals(-1, certificate.getBasicConstraints(), "not a certificate authority");
            Instant notAfter = certificate.getNotAfter().toInstant();
            assertThat(Duration.between(Instant.now(), notAfter)).isBetween(Duration.ofDays(364), Duration.ofDays(366));
            assertEquals(Pem.fingerprint(certificate), tls.fingerprint());
        }
        assertFalse(Tls.selfSigned("localhost").fingerprint().equals(Tls.selfSigned("localhost").fingerprint()),
                "a new key and certificate each time");
    }

    @Test
    void clientSettingsStartFromTheSystemTrustStore() {
        Tls tls = Tls.client();
        assertFalse(tls.isServer());
        assertEquals("Tls client, system trust", tls.toString());
        assertEquals("Tls client, trusting 1 certificate(s)", tls.trust(authority.authority().cert()).toString());
        assertEquals("Tls client, insecure", tls.insecure().toString());
        IllegalStateException none = assertThrows(IllegalStateException.class, tls::fingerprint);
        assertEquals("these client settings present no certificate", none.getMessage());
        Issued alice = authority.client("alice");
        assertEquals(alice.fingerprint(), tls.identity(alice.cert(), alice.key()).fingerprint());
    }

    @Test
    void trustingAndTrustingNobodyExcludeEachOther() {
        Path ca = authority.authority().cert();
        assertThrows(IllegalStateException.class, () -> Tls.client().insecure().trust(ca));
        assertThrows(IllegalStateException.class, () -> Tls.client().trust(ca).insecure());
        String pin = server.fingerprint();
        assertThrows(IllegalStateException.class, () -> Tls.client().pin(pin).insecure());
        assertThrows(IllegalStateException.class, () -> Tls.client().insecure().pin(pin));
        assertThrows(IllegalStateException.class, () -> Tls.client().trust(ca).pin(pin));
        assertThrows(IllegalStateException.class, () -> Tls.client().pin(pin).trust(ca));
        assertThrows(IllegalStateException.class, () -> Tls.server(server.cert(), server.key()).pin(pin));
    }

    @Test
    void aPinIsASha256FingerprintWithOrWithoutColons() {
        String pin = server.fingerprint();
        assertEquals("Tls client, pinned to one certificate", Tls.client().pin(pin).toString());
        Tls.client().pin(pin.replace(":", "").toLowerCase(java.util.Locale.ROOT));
        for (String bad : List.of("", "AB:CD", pin + ":00", pin.replace('A', 'G').replace('0', 'Z'), pin.substring(3))) {
            assertThat(assertThrows(IllegalArgumentException.class, () -> Tls.client().pin(bad)).getMessage())
                    .startsWith("a SHA-256 fingerprint is 64 hexadecimal digits");
        }
    }

    @Test
    void serverAndClientSettingsDoNotMix() {
        Tls serverTls = Tls.server(server.cert(), server.key());
        assertThrows(IllegalStateException.class, () -> serverTls.trust(server.cert()));
        assertThrows(IllegalStateException.class, serverTls::insecure);
        assertThrows(IllegalStateException.class, () -> serverTls.identity(server.cert(), server.key()));
        assertThrows(IllegalStateException.class, () -> Tls.client().clientAuth(server.cert()));
        assertThrows(IllegalArgumentException.class, () -> ChatServer.builder().tls(Tls.client()));
        assertThrows(IllegalArgumentException.class, () -> ChatClient.builder().tls(serverTls));
    }

    @Test
    void settingsAreImmutable() {
        Tls client = Tls.client();
        Tls trusting = client.trust(authority.authority().cert());
        assertEquals("Tls client, system trust", client.toString());
        assertEquals("Tls client, trusting 1 certificate(s)", trusting.toString());
        Tls serverTls = Tls.server(server.cert(), server.key());
        Tls mutual = serverTls.clientAuth(authority.authority().cert());
        assertThat(serverTls.toString()).doesNotContain("client certificates required");
        assertThat(mutual.toString()).endsWith(", client certificates required");
    }
}
