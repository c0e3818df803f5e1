package dev.linechat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoomLinkBuilderTest {

    private static final RedisUri URI = RedisUri.parse("redis://127.0.0.1:1");

    @Test
    void refusesEmptyRoomOrNode() {
        assertEquals("room and node must not be empty",
                assertThrows(IllegalArgumentException.class, () -> RoomLink.builder(URI, "", "a")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RoomLink.builder(URI, "lobby", ""));
        assertThrows(NullPointerException.class, () -> RoomLink.builder(null, "lobby", "a"));
    }

    @Test
    void refusesLimitsThatAreNotPositive() {
        RoomLink.Builder b = RoomLink.builder(URI, "lobby", "a");
        assertEquals("maxLen 0 is not positive", assertThrows(IllegalArgumentException.class, () -> b.maxLen(0)).getMessage());
        assertEquals("outbox capacity -1 is not positive",
                assertThrows(IllegalArgumentException.class, () -> b.outboxCapacity(-1)).getMessage());
        assertEquals("block PT0S is not positive",
                assertThrows(IllegalArgumentException.class, () -> b.block(Duration.ZERO)).getMessage());
        assertThrows(NullPointerException.class, () -> b.listener(null));
    }
}
