package dev.linechat.cluster;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a node finds Redis: {@code redis://host:port[/db]}, {@code rediss://} for TLS, with an optional
 * password ({@code redis://:secret@host:port}) or user and password ({@code redis://user:secret@host}).
 *
 * <p>{@link #parse(String)} accepts exactly that and rejects everything else with a one-line message
 * naming the part that is wrong, so that a mistyped {@code --cluster} option is easy to fix. The port
 * defaults to 6379 and the database to 0. Percent-escapes in the user and password are decoded.
 * {@link #toString()} never shows the password.
 */
public final class RedisUri {

    /** Redis's own default port. */
    public static final int DEFAULT_PORT = 6379;

    private final String host;
    private final int port;
    private final int database;
    private final boolean tls;
    private final String user;
    private final String password;

    private RedisUri(String host, int port, int database, boolean tls, String user, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.tls = tls;
        this.user = user;
        this.password = password;
    }

    /**
     * Reads a {@code redis://} or {@code rediss://} URI.
     *
     * @throws IllegalArgumentException naming what is wrong, in one line
     */
    public static RedisUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Redis URI is empty (expected redis://host:port[/db])");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw bad(text, "not a URI: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
            throw bad(text, "scheme must be redis:// or rediss:// (TLS)");
        }
        if (uri.getRawAuthority() == null) {
            throw bad(text, "no host");
        }
        // getHost() is null when the authority is not host[:port] (a bad port, a stray character).
        if (uri.getHost() == null) {
            String authority = uri.getRawAuthority();
            throw bad(text, "host or port is not valid in '" + authority.substring(authority.lastIndexOf('@') + 1) + "'");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw bad(text, "port " + port + " is out of range 1-65535");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(text, "options after '?' or '#' are not supported");
        }
        int database = database(text, uri.getPath());
        String user = null;
        String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // redis://secret@host is ambiguous (user or password?): insist on the colon.
                throw bad(text, "credentials must be ':password' or 'user:password' before '@'");
            }
            user = colon == 0 ? null : userInfo.substring(0, colon);
            password = userInfo.substring(colon + 1);
            if (password.isEmpty()) {
                throw bad(text, "password after ':' is empty");
            }
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new RedisUri(host, port, database, scheme.equals("rediss"), user, password);
    }

    private static int database(String text, String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String db = path.substring(1);
        try {
            int n = Integer.parseInt(db);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the other bad values
        }
        throw bad(text, "database '" + db + "' is not a number from 0 up");
    }

    private static IllegalArgumentException bad(String text, String what) {
        return new IllegalArgumentException("Redis URI '" + masked(text) + "': " + what);
    }

    /** The text with whatever lies between "//" and "@" hidden, so that a message never shows a password. */
    private static String masked(String text) {
        int start = text.indexOf("//");
        int at = text.lastIndexOf('@');
        if (start < 0 || at < start) {
            return text;
        }
        return text.substring(0, start + 2) + "***" + text.substring(at);
    }

    /** Host name or address. */
    public String host() {
        return host;
    }

    /** TCP port. */
    public int port() {
        return port;
    }

    /** Database number selected after connecting. */
    public int database() {
        return database;
    }

    /** Whether the connection uses TLS ({@code rediss://}). */
    public boolean tls() {
        return tls;
    }

    /** The user name, or {@code null} for Redis's default user. */
    public String user() {
        return user;
    }

    /** Whether a password is given. */
    public boolean hasPassword() {
        return password != null;
    }

    /** Lettuce's form of this URI, with the given timeout for commands that wait for a reply. */
    RedisURI toLettuce(Duration timeout) {
        RedisURI.Builder b = RedisURI.builder()
                .withHost(host)
                .withPort(port)
                .withDatabase(database)
                .withSsl(tls)
                .withTimeout(timeout);
        if (password != null) {
            if (user != null) {
                b.withAuthentication(user, password);
            } else {
                b.withPassword(password.toCharArray());
            }
        }
        return b.build();
    }

    /** The URI in its written form, with the password (if any) replaced by {@code ***}. */
    @Override
    public String toString() {
        String credentials = password == null ? "" : (user == null ? "" : user) + ":***@";
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + credentials + h + ":" + port + "/" + database;
    }
}
