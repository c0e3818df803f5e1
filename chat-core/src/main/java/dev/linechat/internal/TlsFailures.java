package dev.linechat.internal;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Says in a few words why a TLS handshake failed. The JDK's own messages name internal classes
 * ({@code PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException:
 * unable to find valid certification path to requested target}); people want to read "the server's
 * certificate is not trusted".
 */
public final class TlsFailures {

    private static final String ALERT = "Received fatal alert: ";
    private static final Pattern SENT_ALERT = Pattern.compile("^\\([a-z_]+\\) ");
    private static final Set<String> CERTIFICATE_ALERTS =
            Set.of("certificate_required", "bad_certificate", "certificate_unknown", "unknown_ca");

    private TlsFailures() {
    }

    /**
     * Tells whether a failure came from TLS.
     *
     * @param failure any exception
     * @return {@code true} if an {@link SSLException} is among its causes
     */
    public static boolean isTls(Throwable failure) {
        return find(failure, SSLException.class) != null;
    }

    /**
     * Describes a TLS failure in one line, from the point of view of one side.
     *
     * @param failure what the handshake failed with
     * @param client whether this side is the client, so that the peer is the server
     * @return the reason, such as {@code the server's certificate has expired}
     */
    public static String describe(Throwable failure, boolean client) {
        return describe(failure, client, true);
    }

    /**
     * Describes a TLS failure in one line, from the point of view of one side.
     *
     * @param failure what the handshake failed with
     * @param client whether this side is the client, so that the peer is the server
     * @param presented whether this side has a certificate to present: a client without one that is
     *     refused for its certificate was refused for having none
     * @return the reason, such as {@code the server's certificate has expired}
     */
    public static String describe(Throwable failure, boolean client, boolean presented) {
        String peer = client ? "server" : "client";
        String self = client ? "client" : "server";
        if (find(failure, NotSslRecordException.class) != null) {
            return "the " + peer + " does not speak TLS";
        }
        if (find(failure, SslHandshakeTimeoutException.class) != null) {
            return "timed out (does the " + peer + " speak TLS?)";
        }
        if (find(failure, CertificateExpiredException.class) != null) {
            return "the " + peer + "'s certificate has expired";
        }
        if (find(failure, CertificateNotYetValidException.class) != null) {
            return "the " + peer + "'s certificate is not valid yet";
        }
        if (find(failure, CertPathBuilderException.class) != null) {
            return "the " + peer + "'s certificate is not trusted (no trusted certificate authority issued it)";
        }
        CertPathValidatorException invalid = find(failure, CertPathValidatorException.class);
        if (invalid != null) {
            return "the " + peer + "'s certificate is not valid (" + trimDot(String.valueOf(invalid.getMessage())) + ")";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = withoutAlert(String.valueOf(t.getMessage()));
            if (message.contains("certificate with unknown fingerprint")) { // Netty's FingerprintTrustManagerFactory
                return "the " + peer + "'s certificate is not the one pinned (its SHA-256 fingerprint differs)";
            }
            if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
                return "the " + peer + "'s certificate is for another host (" + trimDot(message) + ")";
            }
            if (message.startsWith("Empty " + peer + " certificate chain")
                    || message.startsWith("Empty certificate chain")) {
                // A JDK client also sends none when it has none from the authorities the server names.
                return "the " + peer + " presented no certificate from an authority this " + self + " trusts";
            }
            int alert = message.indexOf(ALERT);
            if (alert >= 0) {
                return alert(message.substring(alert + ALERT.length()).strip(), peer, self, presented);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof ClosedChannelException
                || String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT).contains("closed")) {
            return "the connection closed before the handshake completed";
        }
        return root.getMessage() != null ? trimDot(withoutAlert(root.getMessage())) : root.getClass().getSimpleName();
    }

    /** Newer JDKs start a message with the alert it sends: {@code (certificate_required) Empty client certificate chain}. */
    private static String withoutAlert(String message) {
        return SENT_ALERT.matcher(message).replaceFirst("");
    }

    private static String alert(String alert, String peer, String self, boolean presented) {
        if (!presented && CERTIFICATE_ALERTS.contains(alert)) {
            return "the " + peer + " requires a " + self + " certificate";
        }
        return switch (alert) {
            // A JDK client presents only a certificate from an authority the server names, or none.
            case "certificate_required" -> "the " + peer + " requires a " + self + " certificate from an authority it trusts";
            case "bad_certificate", "certificate_unknown", "unknown_ca", "unsupported_certificate" ->
                    "the " + peer + " rejected the " + self + "'s certificate (" + alert + ")";
            case "certificate_expired" -> "the " + peer + " says the " + self + "'s certificate has expired";
            case "protocol_version", "handshake_failure", "insufficient_security" ->
                    "no TLS version or cipher suite in common with the " + peer + " (" + alert + ")";
            default -> "the " + peer + " ended the handshake (" + alert + ")";
        };
    }

    private static String trimDot(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
