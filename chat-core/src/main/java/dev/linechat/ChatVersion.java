package dev.linechat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of the chat library, as recorded when it was built. */
public final class ChatVersion {

    private static final String VERSION = load();

    private ChatVersion() {
    }

    /**
     * Returns the library's version, such as {@code 0.1.0}.
     *
     * @return the version string
     */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ChatVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
