package dev.linechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linechat.pipeline.Framing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The limits a builder accepts; a wrong one fails at once, with a message that says why. */
class ChatServerBuilderTest {

    @Test
    void aClusterNeedsAProviderForItsScheme() {
        ChatServer.Builder builder = ChatServer.builder().mode(ServerMode.ROOM);
        // chat-core's own tests run without chat-cluster: no provider is found.
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.cluster("redis://127.0.0.1:6379")).getMessage())
                .isEqualTo("a redis:// cluster needs dev.linechat:chat-cluster on the class path");
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.cluster("http://example.org")).getMessage())
                .isEqualTo("no cluster is reached through \"http://\"; try redis://host:port");
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.cluster("127.0.0.1:6379")).getMessage())
                .isEqualTo("no cluster is reached through \"127.0.0.1:6379\"; try redis://host:port");
    }

    @Test
    void refusesAnAddressBlockThatIsNoBlock() {
        ChatServer.Builder builder = ChatServer.builder();
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.allow("10.0.0/8")).getMessage())
                .contains("'10.0.0/8'");
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.deny("::/200")).getMessage())
                .contains("'::/200'").contains("0 to 128");
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.allow("localhost")).getMessage())
                .contains("'localhost'");
    }

    @Test
    void refusesARoomWithRawFramingBeforeStartingAnything() {
        ChatServer.Builder builder = ChatServer.builder().port(0).mode(ServerMode.ROOM).framing(Framing.RAW);
        long serverThreads = serverThreads();
        assertThat(assertThrows(IllegalArgumentException.class, builder::start).getMessage())
                .isEqualTo("room mode needs line framing");
        assertThat(serverThreads()).isEqualTo(serverThreads);
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("chat-server")).count();
    }

    @Test
    void refusesANegativeIdleTimeout() {
        assertThrows(IllegalArgumentException.class, () -> ChatServer.builder().idleTimeout(Duration.ofSeconds(-1)));
        ChatServer.builder().idleTimeout(Duration.ZERO); // off
    }

    @Test
    void refusesWaterMarksOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> ChatServer.builder().writeBufferWaterMarks(0, 10));
        assertThrows(IllegalArgumentException.class, () -> ChatServer.builder().writeBufferWaterMarks(20, 10));
        ChatServer.builder().writeBufferWaterMarks(10, 10);
    }

    @Test
    void refusesANegativeDropBound() {
        assertThrows(IllegalArgumentException.class, () -> ChatServer.builder().maxDroppedBytes(-1));
        ChatServer.builder().maxDroppedBytes(0);
    }

    @Test
    void refusesCommandNamesThatAreMalformedBuiltInOrTaken() {
        RoomCommand nothing = call -> { };
        ChatServer.Builder builder = ChatServer.builder().command("roll", nothing).command("x2_-y", nothing);
        for (String bad : new String[] {"", "Roll", "2d6", "/roll", "ro ll", "é", "a".repeat(33)}) {
            assertThat(assertThrows(IllegalArgumentException.class, () -> builder.command(bad, nothing)).getMessage())
                    .startsWith("a command name is a lower-case letter");
        }
        for (String taken : new String[] {"nick", "who", "msg", "help", "roll"}) {
            assertThat(assertThrows(IllegalArgumentException.class, () -> builder.command(taken, nothing)).getMessage())
                    .isEqualTo("the room already has a /" + taken + " command");
        }
        builder.command("a".repeat(32), nothing);
    }

    @Test
    void refusesCommandsOutsideARoomBeforeStartingAnything() {
        ChatServer.Builder builder = ChatServer.builder().port(0).mode(ServerMode.ECHO).command("roll", call -> { });
        long serverThreads = serverThreads();
        assertThat(assertThrows(IllegalArgumentException.class, builder::start).getMessage())
                .isEqualTo("commands need room mode");
        assertThat(serverThreads()).isEqualTo(serverThreads);
    }
}
