package dev.linechat.testing;

import dev.linechat.internal.Pem;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at run time, for tests: it issues server and client certificates and
 * writes them as PEM files into a directory (a {@code @TempDir}), so no key is ever committed.
 * EC P-256 keys, because they are made in a millisecond.
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    /**
     * A certificate and its key, written as {@code NAME.pem} and {@code NAME-key.pem}.
     *
     * @param certificate the certificate
     * @param keys its key pair
     * @param cert the certificate's PEM file
     * @param key the private key's PEM file (PKCS#8)
     */
    public record Issued(X509Certificate certificate, KeyPair keys, Path cert, Path key) {
        /** Returns the certificate's SHA-256 fingerprint, as {@code openssl x509 -fingerprint -sha256} shows it. */
        public String fingerprint() {
            return Pem.fingerprint(certificate);
        }
    }

    private final Path dir;
    private final Issued authority;

    private TestPki(Path dir, Issued authority) {
        this.dir = dir;
        this.authority = authority;
    }

    /**
     * Makes a certificate authority named {@code name}, writing {@code NAME.pem} into the directory.
     *
     * @param dir where the files go
     * @param name the authority's common name and file name
     * @return the authority
     */
    public static TestPki authority(Path dir, String name) {
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        X509Certificate ca = sign(null, keys, name, new String[0], now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)),
                true, null);
        return new TestPki(dir, write(dir, name, ca, keys));
    }

    /**
     * Returns the authority's own certificate and key.
     *
     * @return the authority, whose {@code cert()} file is what clients or servers trust
     */
    public Issued authority() {
        return authority;
    }

    /**
     * Issues a server certificate valid now, for the given DNS names and IP addresses.
     *
     * @param name the file name and common name
     * @param hosts the subject alternative names, such as {@code localhost} and {@code 127.0.0.1}
     * @return the certificate and key, written
     */
    public Issued server(String name, String... hosts) {
        Instant now = Instant.now();
        return issue(name, hosts, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), KeyPurposeId.id_kp_serverAuth);
    }

    /**
     * Issues a server certificate that expired yesterday.
     *
     * @param name the file name and common name
     * @param hosts the subject alternative names
     * @return the certificate and key, written
     */
    public Issued expiredServer(String name, String... hosts) {
        Instant now = Instant.now();
        return issue(name, hosts, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), KeyPurposeId.id_kp_serverAuth);
    }

    /**
     * Issues a client certificate valid now.
     *
     * @param name the file name and common name
     * @return the certificate and key, written
     */
    public Issued client(String name) {
        Instant now = Instant.now();
        return issue(name, new String[0], now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), KeyPurposeId.id_kp_clientAuth);
    }

    /**
     * Makes a self-signed server certificate, which is its own authority.
     *
     * @param dir where the files go
     * @param name the file name and common name
     * @param hosts the subject alternative names
     * @return the certificate and key, written
     */
    public static Issued selfSigned(Path dir, String name, String... hosts) {
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        X509Certificate certificate = sign(null, keys, name, hosts, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)),
                false, KeyPurposeId.id_kp_serverAuth);
        return write(dir, name, certificate, keys);
    }

    private Issued issue(String name, String[] hosts, Instant from, Instant to, KeyPurposeId purpose) {
        KeyPair keys = newKeys();
        return write(dir, name, sign(authority, keys, name, hosts, from, to, false, purpose), keys);
    }

    private static X509Certificate sign(Issued issuer, KeyPair keys, String name, String[] hosts, Instant from, Instant to,
            boolean ca, KeyPurposeId purpose) {
        try {
            X500Name subject = new X500Name("CN=" + name);
            X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(from), Date.from(to), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (hosts.length > 0) {
                GeneralName[] names = new GeneralName[hosts.length];
                for (int i = 0; i < hosts.length; i++) {
                    boolean ip = NetUtil.isValidIpV4Address(hosts[i]) || NetUtil.isValidIpV6Address(hosts[i]);
                    names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, hosts[i]);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            KeyPair signing = issuer == null ? keys : issuer.keys();
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signing.getPrivate())));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test certificate for " + name, e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issued write(Path dir, String name, X509Certificate certificate, KeyPair keys) {
        try {
            Path cert = Files.writeString(dir.resolve(name + ".pem"), Pem.encode(certificate), StandardCharsets.US_ASCII);
            Path key = Files.writeString(dir.resolve(name + "-key.pem"), Pem.encode(keys.getPrivate()), StandardCharsets.US_ASCII);
            return new Issued(certificate, keys, cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
