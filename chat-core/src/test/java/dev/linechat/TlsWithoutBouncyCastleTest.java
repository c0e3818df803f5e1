package dev.linechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linechat.testing.TestPki;
import dev.linechat.testing.TestPki.Issued;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BouncyCastle is an optional dependency of chat-core: these run chat-core in a class loader that
 * has everything on the test class path but BouncyCastle, as a user's application would.
 */
class TlsWithoutBouncyCastleTest {

    @TempDir
    Path dir;

    private static URLClassLoader withoutBouncyCastle() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("bouncycastle")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** Calls a static method of chat-core there and returns what it threw. */
    private static Throwable thrownBy(ClassLoader loader, String type, String method, Class<?>[] types, Object... args)
            throws Exception {
        Method call = Class.forName(type, true, loader).getMethod(method, types);
        return assertThrows(InvocationTargetException.class, () -> call.invoke(null, args)).getCause();
    }

    @Test
    void selfSignedSaysWhichDependencyIsMissing() throws Exception {
        try (URLClassLoader loader = withoutBouncyCastle()) {
            Throwable missing = thrownBy(loader, "dev.linechat.Tls", "selfSigned", new Class<?>[] {String.class}, "localhost");
            assertEquals(IllegalStateException.class.getName(), missing.getClass().getName());
            assertEquals("Tls.selfSigned needs BouncyCastle on the class path: add the dependency"
                    + " org.bouncycastle:bcpkix-jdk18on", missing.getMessage());
        }
    }

    @Test
    void aTraditionalOpenSslKeyNeedsConvertingWithoutIt() throws Exception {
        Issued server = TestPki.selfSigned(dir, "server", "localhost");
        // Not a real PKCS#1 key: the JDK's readers fail on it just the same, and that is the point.
        Path traditional = Files.writeString(dir.resolve("rsa-key.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        try (URLClassLoader loader = withoutBouncyCastle()) {
            Object tls = Class.forName("dev.linechat.Tls", true, loader).getMethod("server", Path.class, Path.class)
                    .invoke(null, server.cert(), traditional);
            Object builder = Class.forName("dev.linechat.ChatServer", true, loader).getMethod("builder").invoke(null);
            builder.getClass().getMethod("port", int.class).invoke(builder, 0);
            builder.getClass().getMethod("tls", tls.getClass()).invoke(builder, tls);
            Method start = builder.getClass().getMethod("start");
            Throwable failed = assertThrows(InvocationTargetException.class, () -> start.invoke(builder)).getCause();
            assertEquals(ChatException.class.getName(), failed.getClass().getName());
            assertThat(failed.getMessage()).endsWith(": the key is in OpenSSL's traditional format, which needs"
                    + " BouncyCastle; convert it to PKCS#8 with openssl pkcs8 -topk8 -nocrypt -in KEY -out NEWKEY");
        }
    }
}
