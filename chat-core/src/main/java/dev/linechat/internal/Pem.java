package dev.linechat.internal;

import dev.linechat.ChatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the PEM files of TLS certificates and keys, and names certificates by fingerprint.
 * Failures are {@link ChatException}s whose one-line message names the file.
 */
public final class Pem {

    private static final Pattern CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*)-----END CERTIFICATE-----");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----");
    private static final HexFormat FINGERPRINT = HexFormat.ofDelimiter(":").withUpperCase();

    private Pem() {
    }

    /**
     * Reads a whole file, for a TLS setting.
     *
     * @param file the file
     * @param what what it should hold, for the message: {@code TLS certificate}
     * @return its bytes
     * @throws ChatException if it cannot be read
     */
    public static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ChatException("cannot read the " + what + " " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new ChatException("cannot read the " + what + " " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new ChatException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses every {@code CERTIFICATE} block of a PEM text, in order; other blocks and text are skipped.
     *
     * @param pem the text, as read
     * @param source names the text in messages, such as the file name
     * @return at least one certificate
     * @throws ChatException if there is none, or one is malformed
     */
    public static List<X509Certificate> certificates(byte[] pem, String source) {
        Matcher blocks = CERTIFICATE.matcher(new String(pem, StandardCharsets.US_ASCII));
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (blocks.find()) {
                byte[] der = Base64.getMimeDecoder().decode(blocks.group(1));
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ChatException(source + " holds a malformed certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new ChatException(source + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)", null);
        }
        return List.copyOf(certificates);
    }

    /**
     * Checks that a PEM text holds an unencrypted private key, which is all a chat server can use
     * without asking for a password.
     *
     * @param pem the text, as read
     * @param source names the text in messages
     * @throws ChatException if it holds no key, or an encrypted one
     */
    public static void checkPrivateKey(byte[] pem, String source) {
        Matcher key = PRIVATE_KEY.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!key.find()) {
            throw new ChatException(source + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)", null);
        }
        if (key.group(1).contains("ENCRYPTED") || new String(pem, StandardCharsets.US_ASCII).contains("Proc-Type: 4,ENCRYPTED")) {
            throw new ChatException(source + " holds an encrypted private key; decrypt it first"
                    + " (openssl pkey -in KEY -out PLAIN)", null);
        }
    }

    /**
     * Encodes a certificate as a PEM block.
     *
     * @param certificate the certificate
     * @return the block, lines ending in {@code \n}
     */
    public static String encode(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
        }
    }

    /**
     * Encodes a private key as an unencrypted PKCS#8 PEM block, which every TLS library reads.
     *
     * @param key the key
     * @return the block, lines ending in {@code \n}
     */
    public static String encode(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Returns the SHA-256 fingerprint of a certificate, as {@code openssl x509 -fingerprint -sha256}
     * prints it: upper-case hex pairs separated by colons.
     *
     * @param certificate the certificate
     * @return its fingerprint
     */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return FINGERPRINT.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static String block(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
