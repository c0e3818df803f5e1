package dev.linechat.internal;

import io.netty.util.NetUtil;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes self-signed server certificates with BouncyCastle's certificate builder, which needs no JDK
 * internals (Netty's own {@code SelfSignedCertificate} has broken across JDK versions without it).
 * The key pair and the signature come from the JDK's standard providers.
 *
 * <p>Loads BouncyCastle classes: call it only once {@link #available()} says they are there.
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
     */
    public static Generated generate(String hostName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostName).build();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            boolean ip = NetUtil.isValidIpV4Address(hostName) || NetUtil.isValidIpV6Address(hostName);
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, hostName)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new Generated(certificate, pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate for " + hostName + ": " + e, e);
        }
    }
}
