package dev.linechat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisUriTest {

    @Test
    void readsHostPortAndDatabase() {
        RedisUri uri = RedisUri.parse("redis://cache.example:6380/3");
        assertEquals("cache.example", uri.host());
        assertEquals(6380, uri.port());
        assertEquals(3, uri.database());
        assertFalse(uri.tls());
        assertFalse(uri.hasPassword());
        assertEquals("redis://cache.example:6380/3", uri.toString());
    }

    @Test
    void defaultsPortAndDatabase() {
        RedisUri uri = RedisUri.parse("redis://localhost");
        assertEquals(6379, uri.port());
        assertEquals(0, uri.database());
        assertEquals(0, RedisUri.parse("redis://localhost:7000/").database());
    }

    @Test
    void rediss_meansTls() {
        RedisUri uri = RedisUri.parse("rediss://secure.example:6390");
        assertTrue(uri.tls());
        assertTrue(uri.toLettuce(Duration.ofSeconds(1)).isSsl());
        assertEquals("rediss://secure.example:6390/0", uri.toString());
    }

    @Test
    void readsPasswordAndHidesIt() {
        RedisUri uri = RedisUri.parse("redis://:s3cret@10.0.0.5:6379/0");
        assertTrue(uri.hasPassword());
        assertNull(uri.user());
        assertEquals("redis://:***@10.0.0.5:6379/0", uri.toString());
        RedisURI lettuce = uri.toLettuce(Duration.ofSeconds(2));
        assertEquals("s3cret", new String(lettuce.getCredentialsProvider().resolveCredentials().block().getPassword()));
        assertEquals(Duration.ofSeconds(2), lettuce.getTimeout());
    }

    @Test
    void readsUserAndPercentEncodedPassword() {
        RedisUri uri = RedisUri.parse("redis://chat:p%40ss%3Aword@host:6379/1");
        assertEquals("chat", uri.user());
        assertEquals("redis://chat:***@host:6379/1", uri.toString());
        RedisURI lettuce = uri.toLettuce(Duration.ofSeconds(1));
        assertEquals("chat", lettuce.getCredentialsProvider().resolveCredentials().block().getUsername());
        assertEquals("p@ss:word", new String(lettuce.getCredentialsProvider().resolveCredentials().block().getPassword()));
        assertEquals(1, lettuce.getDatabase());
    }

    @Test
    void readsIpv6Literal() {
        RedisUri uri = RedisUri.parse("redis://[::1]:6379");
        assertEquals("::1", uri.host());
        assertEquals("redis://[::1]:6379/0", uri.toString());
    }

    @Test
    void namesWhatIsWrong() {
        assertMessage(null, "Redis URI is empty (expected redis://host:port[/db])");
        assertMessage("  ", "Redis URI is empty (expected redis://host:port[/db])");
        assertMessage("localhost:6379", "Redis URI 'localhost:6379': scheme must be redis:// or rediss:// (TLS)");
        assertMessage("http://localhost", "Redis URI 'http://localhost': scheme must be redis:// or rediss:// (TLS)");
        assertMessage("redis://", "Redis URI 'redis://': not a URI: Expected authority at index 8");
        assertMessage("redis://host:99999", "Redis URI 'redis://host:99999': port 99999 is out of range 1-65535");
        assertMessage("redis://host:abc", "Redis URI 'redis://host:abc': host or port is not valid in 'host:abc'");
        assertMessage("redis://host:6379/x", "Redis URI 'redis://host:6379/x': database 'x' is not a number from 0 up");
        assertMessage("redis://host:6379/-1", "Redis URI 'redis://host:6379/-1': database '-1' is not a number from 0 up");
        assertMessage("redis://host?timeout=5s", "Redis URI 'redis://host?timeout=5s': options after '?' or '#' are not supported");
        assertMessage("redis://host name", "Redis URI 'redis://host name': not a URI: Illegal character in authority at index 8");
    }

    @Test
    void credentialErrorsDoNotShowThePassword() {
        assertMessage("redis://secret@host", "Redis URI 'redis://***@host': credentials must be ':password' or 'user:password' before '@'");
        assertMessage("redis://user:@host", "Redis URI 'redis://***@host': password after ':' is empty");
        assertMessage("redis://:hidden@host:0x1", "Redis URI 'redis://***@host:0x1': host or port is not valid in 'host:0x1'");
    }

    private static void assertMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisUri.parse(text));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
