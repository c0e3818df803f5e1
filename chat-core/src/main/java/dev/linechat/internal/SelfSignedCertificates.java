package dev.linechat.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Makes self-signed server certificates with BouncyCastle's certificate builder, which needs no JDK
 * internals (Netty's own {@code SelfSignedCertificate} has broken across JDK versions without it).
 * The key pair and the signature come from the JDK's standard providers.
 *
 * <p>Loads no BouncyCastle class itself, so {@link #available()} can tell whether they are there;
 * {@link #generate} needs them.
 */
public final class SelfSignedCertificates {

    /** How long a generated certificate is valid: it is made afresh at each start. */
    public static final Duration VALIDITY = Duration.ofDays(365);

    /**
     * A generated certificate and its private key.
     *
     * @param certificate the self-signed certificate
     * @param key its private key
     */
    public record Generated(X509Certificate certificate, PrivateKey key) {
    }

    private SelfSignedCertificates() {
    }

    /**
     * Tells whether BouncyCastle's certificate builder is on the class path.
     *
     * @return {@code true} if {@link #generate} can run
     */
    public static boolean available() {
        try {
            Class.forName("org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder", false,
                    SelfSignedCertificates.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Generates an EC P-256 key and a certificate for one host name or IP address, valid from an hour
     * ago (clocks differ) for {@link #VALIDITY}. The name is the subject's common name and its only
     * subject alternative name, which is what clients check.
     *
     * @param hostName a DNS name or an IP literal
     * @return the certificate and its key
     * @throws NoClassDefFoundError if BouncyCastle is missing: ask {@link #available()} first
     */
    public static Generated generate(String hostName) {
        return BouncyCastleCertificates.generate(hostName);
    }
}
