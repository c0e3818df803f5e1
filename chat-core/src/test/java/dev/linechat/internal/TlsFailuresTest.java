package dev.linechat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The JDK's TLS failures, as the JDK words and nests them, said in a few plain words. */
class TlsFailuresTest {

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void anUnknownIssuerIsNotTrusted() {
        Throwable jdk = new DecoderException(handshake("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path",
                new CertificateException("x", new CertPathBuilderException("unable to find valid certification path"))));
        assertEquals("the server's certificate is not trusted (no trusted certificate authority issued it)",
                TlsFailures.describe(jdk, true));
        assertEquals("the client's certificate is not trusted (no trusted certificate authority issued it)",
                TlsFailures.describe(jdk, false));
    }

    @Test
    void expiryIsNamedEvenWhenNestedInAValidationFailure() {
        Throwable jdk = handshake("PKIX path validation failed: java.security.cert.CertPathValidatorException: "
                + "validity check failed", new java.security.cert.CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: Mon Jan 01 00:00:00 UTC 2024")));
        assertEquals("the server's certificate has expired", TlsFailures.describe(jdk, true));
    }

    @Test
    void aCertificateForAnotherHostSaysWhichNameWasMissing() {
        Throwable jdk = handshake("No subject alternative names matching IP address 127.0.0.1 found",
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));
        assertEquals("the server's certificate is for another host (No subject alternative names matching IP address"
                + " 127.0.0.1 found)", TlsFailures.describe(jdk, true));
    }

    @Test
    void alertsSayWhatThePeerDid() {
        assertEquals("the client rejected the server's certificate (certificate_unknown)",
                TlsFailures.describe(handshake("Received fatal alert: certificate_unknown", null), false));
        assertEquals("the server requires a client certificate",
                TlsFailures.describe(new SSLException("Received fatal alert: certificate_required"), true, false));
        assertEquals("the server requires a client certificate from an authority it trusts",
                TlsFailures.describe(new SSLException("Received fatal alert: certificate_required"), true, true));
        assertEquals("the server requires a client certificate",
                TlsFailures.describe(new SSLException("Received fatal alert: bad_certificate"), true, false));
        assertEquals("the server rejected the client's certificate (bad_certificate)",
                TlsFailures.describe(new SSLException("Received fatal alert: bad_certificate"), true, true));
        assertEquals("no TLS version or cipher suite in common with the server (protocol_version)",
                TlsFailures.describe(new SSLException("Received fatal alert: protocol_version"), true));
        assertEquals("the client ended the handshake (internal_error)",
                TlsFailures.describe(new SSLException("Received fatal alert: internal_error"), false));
    }

    @Test
    void aPeerThatDoesNotSpeakTlsIsToldApart() {
        assertEquals("the client does not speak TLS",
                TlsFailures.describe(new DecoderException(new NotSslRecordException("not an SSL/TLS record: 48656c6c6f")), false));
        assertEquals("timed out (does the server speak TLS?)",
                TlsFailures.describe(new SslHandshakeTimeoutException("handshake timed out after 500ms"), true));
    }

    @Test
    void aMissingClientCertificateIsNamed() {
        assertEquals("the client presented no certificate from an authority this server trusts",
                TlsFailures.describe(handshake("Empty client certificate chain", null), false));
        assertEquals("the client presented no certificate from an authority this server trusts", // JDK 25
                TlsFailures.describe(handshake("(certificate_required) Empty client certificate chain", null), false));
    }

    @Test
    void aConnectionClosedMidwayIsSaidSo() {
        assertEquals("the connection closed before the handshake completed",
                TlsFailures.describe(new ClosedChannelException(), false));
        assertEquals("the connection closed before the handshake completed",
                TlsFailures.describe(new SSLException("Connection closed while SSL/TLS handshake was in progress"), false));
    }

    @Test
    void anythingElseKeepsTheInnermostMessage() {
        assertEquals("Connection reset", TlsFailures.describe(new SSLException("x", new IOException("Connection reset")), true));
        assertEquals("IOException", TlsFailures.describe(new IOException(), true));
        assertEquals("Unsupported record version", TlsFailures.describe(new SSLException("(protocol_version) Unsupported record version"), true));
    }

    @Test
    void onlyFailuresWithAnSslExceptionAmongTheirCausesAreTls() {
        assertTrue(TlsFailures.isTls(new DecoderException(new SSLException("bad record MAC"))));
        assertFalse(TlsFailures.isTls(new IOException("Connection reset")));
    }
}
