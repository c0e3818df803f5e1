package dev.linechat;

import dev.linechat.internal.SelfSignedCertificates;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/** Turns {@link Tls} settings into Netty's {@link SslContext}, once per server or client handle. */
final class TlsContexts {

    /** Checks the server's certificate and host name as HTTPS does (RFC 2818). */
    private static final String VERIFY_HOST_NAME = "HTTPS";

    private TlsContexts() {
    }

    /**
     * Builds a server's context.
     *
     * @throws ChatException if the key or a certificate cannot be used
     */
    static SslContext forServer(Tls tls) {
        Tls.Identity own = tls.identity();
        return build(own, () -> {
            SslContextBuilder builder = SslContextBuilder
                    .forServer(new ByteArrayInputStream(own.chainPem()), new ByteArrayInputStream(own.keyPem()))
                    .sslProvider(SslProvider.JDK); // the same engine on every host, whatever native libraries lie around
            if (tls.trusted() != null) {
                builder.trustManager(tls.trusted().toArray(X509Certificate[]::new)).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        });
    }

    /**
     * Builds a client's context. The host name is checked when the handler is made for a host.
     *
     * @throws ChatException if the key or a certificate cannot be used
     */
    static SslContext forClient(Tls tls) {
        Tls.Identity own = tls.identity();
        return build(own, () -> {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (tls.isInsecure()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else if (tls.pinned() != null) {
                // The fingerprint stands for the server, whatever name its certificate gives.
                builder.trustManager(FingerprintTrustManagerFactory.builder("SHA-256").fingerprints(tls.pinned()).build())
                        .endpointIdentificationAlgorithm(null);
            } else {
                builder.endpointIdentificationAlgorithm(VERIFY_HOST_NAME);
                if (tls.trusted() != null) {
                    builder.trustManager(tls.trusted().toArray(X509Certificate[]::new));
                } // else the JDK's default trust store
            }
            if (own != null) {
                builder.keyManager(new ByteArrayInputStream(own.chainPem()), new ByteArrayInputStream(own.keyPem()));
            }
            return builder.build();
        });
    }

    /** Builds a context; Netty parses the key while building, and says so with any exception. */
    private interface Build {
        SslContext run() throws SSLException;
    }

    private static SslContext build(Tls.Identity own, Build build) {
        try {
            return build.run();
        } catch (SSLException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String what = own == null ? "the TLS settings" : own.source();
            String why = own != null && traditional(own.keyPem()) && !SelfSignedCertificates.available()
                    ? "the key is in OpenSSL's traditional format, which needs BouncyCastle; convert it to PKCS#8"
                            + " with openssl pkcs8 -topk8 -nocrypt -in KEY -out NEWKEY"
                    : cause.getMessage();
            throw new ChatException("cannot use " + what + ": " + why, e);
        }
    }

    /** Tells whether a key is PKCS#1 or SEC1 ({@code BEGIN RSA PRIVATE KEY}), which the JDK cannot read alone. */
    private static boolean traditional(byte[] keyPem) {
        String text = new String(keyPem, StandardCharsets.US_ASCII);
        return text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")
                || text.contains("-----BEGIN DSA PRIVATE KEY-----");
    }
}
