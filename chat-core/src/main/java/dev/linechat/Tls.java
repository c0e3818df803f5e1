package dev.linechat;

import dev.linechat.internal.Pem;
import dev.linechat.internal.SelfSignedCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The TLS settings of one side of a chat: the certificate it presents and how it checks the peer's.
 * Give them to {@link ChatServer.Builder#tls} or {@link ChatClient.Builder#tls}.
 *
 * <pre>{@code
 * Tls server = Tls.server(Path.of("cert.pem"), Path.of("key.pem"));      // or Tls.selfSigned("localhost")
 * Tls client = Tls.client().trust(Path.of("ca.pem"));                    // or Tls.client() for the system's CAs
 * }</pre>
 *
 * <p>Files are PEM: certificates as {@code -----BEGIN CERTIFICATE-----} blocks (a chain starts with
 * its own certificate), keys unencrypted as {@code -----BEGIN PRIVATE KEY-----} (PKCS#8; other
 * formats need BouncyCastle on the class path). They are read when the settings are made, so a
 * missing file fails here with a {@link ChatException} that names it; the key itself is checked when
 * the server starts or the client connects.
 *
 * <p>Immutable and thread-safe: every method that changes a setting returns new settings.
 */
public final class Tls {

    private final boolean server;
    private final Identity identity;
    private final List<X509Certificate> trusted;
    private final boolean insecure;
    private final String pinned; // SHA-256 of the one server certificate accepted, as hex without colons

    /**
     * This side's certificate chain and private key.
     *
     * @param chain the chain, own certificate first
     * @param chainPem the chain as PEM
     * @param keyPem the key as PEM
     * @param source names them in messages
     */
    record Identity(List<X509Certificate> chain, byte[] chainPem, byte[] keyPem, String source) {
    }

    private Tls(boolean server, Identity identity, List<X509Certificate> trusted, boolean insecure) {
        this(server, identity, trusted, insecure, null);
    }

    private Tls(boolean server, Identity identity, List<X509Certificate> trusted, boolean insecure, String pinned) {
        this.server = server;
        this.identity = identity;
        this.trusted = trusted;
        this.insecure = insecure;
        this.pinned = pinned;
    }

    /**
     * Returns server settings that present a certificate chain and its key, and do not ask clients
     * for certificates.
     *
     * @param certificateChain PEM file: the server's certificate, then any intermediate certificates
     * @param privateKey PEM file: the certificate's private key, unencrypted
     * @return the settings
     * @throws ChatException if a file cannot be read or holds no certificate or key
     */
    public static Tls server(Path certificateChain, Path privateKey) {
        return new Tls(true, readIdentity(certificateChain, privateKey), null, false);
    }

    /**
     * Returns server settings with a certificate made just now, signed by its own key: for quick local
     * use, where clients connect with {@link #insecure()} and may compare {@link #fingerprint()}. The
     * certificate is valid for one year, for the one name given.
     *
     * <p>Needs BouncyCastle ({@code org.bouncycastle:bcpkix-jdk18on}), an optional dependency of
     * chat-core, on the class path.
     *
     * @param hostName the DNS name or IP address clients will connect to, such as {@code localhost}
     * @return the settings
     * @throws IllegalStateException if BouncyCastle is missing
     */
    public static Tls selfSigned(String hostName) {
        Objects.requireNonNull(hostName, "hostName");
        if (!SelfSignedCertificates.available()) {
            throw new IllegalStateException("Tls.selfSigned needs BouncyCastle on the class path:"
                    + " add the dependency org.bouncycastle:bcpkix-jdk18on");
        }
        SelfSignedCertificates.Generated generated = SelfSignedCertificates.generate(hostName);
        byte[] chainPem = Pem.encode(generated.certificate()).getBytes(StandardCharsets.US_ASCII);
        byte[] keyPem = Pem.encode(generated.key()).getBytes(StandardCharsets.US_ASCII);
        return new Tls(true, new Identity(List.of(generated.certificate()), chainPem, keyPem,
                "the self-signed certificate for " + hostName), null, false);
    }

    /**
     * Returns client settings that check the server's certificate against the system's trusted
     * certificate authorities (the JDK's {@code cacerts}) and check that it names the host connected
     * to, as a browser does.
     *
     * @return the settings
     */
    public static Tls client() {
        return new Tls(false, null, null, false);
    }

    /**
     * Returns these client settings trusting only the given certificates, instead of the system's:
     * a private certificate authority, or a server's self-signed certificate. The host name is still
     * checked.
     *
     * @param certificates PEM file with one or more certificates
     * @return the new settings
     * @throws ChatException if the file cannot be read or holds no certificate
     * @throws IllegalStateException on server settings, or together with {@link #insecure()}
     */
    public Tls trust(Path certificates) {
        requireClient("trust");
        if (insecure || pinned != null) {
            throw new IllegalStateException("trust, pin and insecure exclude each other");
        }
        return new Tls(false, identity, trustedIn(certificates), false);
    }

    /**
     * Returns these client settings accepting any server certificate, for any host: the connection is
     * encrypted but nobody vouches for the server. For tests and quick local use only.
     *
     * @return the new settings
     * @throws IllegalStateException on server settings, or together with {@link #trust(Path)}
     */
    public Tls insecure() {
        requireClient("insecure");
        if (trusted != null || pinned != null) {
            throw new IllegalStateException("trust, pin and insecure exclude each other");
        }
        return new Tls(false, identity, null, true);
    }

    /**
     * Returns these client settings accepting exactly one server certificate, the one with this
     * SHA-256 fingerprint, whoever issued it and whatever host it names: the way to reach a server
     * that made its own certificate ({@link #selfSigned}) and printed its {@link #fingerprint()}.
     *
     * @param sha256 the fingerprint, 64 hexadecimal digits in either case, colons allowed
     *     ({@code AB:CD:...}, as {@link #fingerprint()} and {@code openssl x509 -fingerprint -sha256}
     *     show it)
     * @return the new settings
     * @throws IllegalArgumentException if it is not such a fingerprint
     * @throws IllegalStateException on server settings, or together with {@link #trust(Path)} or
     *     {@link #insecure()}
     */
    public Tls pin(String sha256) {
        requireClient("pin");
        if (trusted != null || insecure) {
            throw new IllegalStateException("trust, pin and insecure exclude each other");
        }
        String hex = sha256.replace(":", "").toLowerCase(java.util.Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hexadecimal digits, colons allowed: " + sha256);
        }
        return new Tls(false, identity, null, false, hex);
    }

    /**
     * Returns these client settings presenting a certificate to servers that ask for one (mutual TLS).
     *
     * @param certificateChain PEM file: the client's certificate, then any intermediate certificates
     * @param privateKey PEM file: the certificate's private key, unencrypted
     * @return the new settings
     * @throws ChatException if a file cannot be read or holds no certificate or key
     * @throws IllegalStateException on server settings
     */
    public Tls identity(Path certificateChain, Path privateKey) {
        requireClient("identity");
        return new Tls(false, readIdentity(certificateChain, privateKey), trusted, insecure, pinned);
    }

    /**
     * Returns these server settings requiring every client to present a certificate issued by one of
     * the given certificates (mutual TLS). A client without one fails the handshake.
     *
     * @param certificates PEM file with the certificate authorities that issue client certificates
     * @return the new settings
     * @throws ChatException if the file cannot be read or holds no certificate
     * @throws IllegalStateException on client settings
     */
    public Tls clientAuth(Path certificates) {
        if (!server) {
            throw new IllegalStateException("clientAuth is a server setting; a client presents a certificate with identity");
        }
        return new Tls(true, identity, trustedIn(certificates), false);
    }

    /**
     * Returns the SHA-256 fingerprint of the certificate this side presents, as
     * {@code openssl x509 -fingerprint -sha256} shows it: {@code AB:CD:...}, 32 pairs.
     *
     * @return the fingerprint
     * @throws IllegalStateException on client settings without {@link #identity}
     */
    public String fingerprint() {
        if (identity == null) {
            throw new IllegalStateException("these client settings present no certificate");
        }
        return Pem.fingerprint(identity.chain().get(0));
    }

    /**
     * Tells whether these are a server's settings.
     *
     * @return {@code true} for {@link #server} and {@link #selfSigned}, {@code false} for {@link #client}
     */
    public boolean isServer() {
        return server;
    }

    @Override
    public String toString() {
        if (server) {
            return "Tls server " + identity.source() + (trusted == null ? "" : ", client certificates required");
        }
        String trust = insecure ? "insecure" : pinned != null ? "pinned to one certificate"
                : trusted == null ? "system trust" : "trusting " + trusted.size() + " certificate(s)";
        return "Tls client, " + trust + (identity == null ? "" : ", presenting " + identity.source());
    }

    Identity identity() {
        return identity;
    }

    /** For a client, the server's trusted issuers; for a server, the clients'. {@code null} if none are set. */
    List<X509Certificate> trusted() {
        return trusted;
    }

    boolean isInsecure() {
        return insecure;
    }

    /** The pinned server certificate's SHA-256, as lower-case hex, or {@code null}. */
    String pinned() {
        return pinned;
    }

    private void requireClient(String setting) {
        if (server) {
            throw new IllegalStateException(setting + " is a client setting");
        }
    }

    private static Identity readIdentity(Path certificateChain, Path privateKey) {
        byte[] chainPem = Pem.read(certificateChain, "TLS certificate");
        List<X509Certificate> chain = Pem.certificates(chainPem, "the TLS certificate " + certificateChain);
        byte[] keyPem = Pem.read(privateKey, "TLS key");
        Pem.checkPrivateKey(keyPem, "the TLS key " + privateKey);
        return new Identity(chain, chainPem, keyPem, certificateChain + " with key " + privateKey);
    }

    private static List<X509Certificate> trustedIn(Path certificates) {
        return Pem.certificates(Pem.read(certificates, "TLS certificates"), "the TLS certificates " + certificates);
    }
}
