package dev.linechat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linechat.internal.Room;
import dev.linechat.internal.RoomHandler;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A room's side of a bridge to other servers: what it hands over, and what it hands on to its members. */
class RoomBridgeTest {

    private final List<String> said = new ArrayList<>();
    private final RoomBridge recording = new RoomBridge() {
        @Override
        public void open(Local room) {
        }

        @Override
        public void said(String name, String text) {
            said.add(name + ": " + text);
        }

        @Override
        public void close() {
        }
    };
    private final Room room = new Room(LineEncoder.UTF_8, new UnpooledByteBufAllocator(false), line -> { }, Map.of(), false, recording);
    private final RoomHandler roomHandler = new RoomHandler(room);
    private final SessionHandler sessionHandler = new SessionHandler(ChatListener.NONE, new ConcurrentSkipListMap<>(), true);
    private int nextPort = 40001;

    private EmbeddedClient member(boolean undecoded) throws Exception {
        EmbeddedClient ch = EmbeddedClient.connect(new InetSocketAddress("127.0.0.1", nextPort++), p -> {
            ChatPipelines.server(p, sessionHandler);
            p.addLast("chat-mode", roomHandler);
            if (undecoded) {
                p.remove(ChatPipelines.STRING_DECODER);
            }
        });
        ch.lines(); // the welcome
        return ch;
    }

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void membersLinesGoToTheBridgeButCommandsAndNoticesDoNot(boolean undecoded) throws Exception {
        EmbeddedClient alice = member(undecoded);
        alice.type("hello\n//slashed\n/nick al\nagain ünï\n");
        assertEquals(List.of("* user1 is now known as al"), alice.lines());
        assertEquals(List.of("user1: hello", "user1: /slashed", "al: again ünï"), said);
        assertFalse(alice.finish());
    }

    @Test
    void whatWasSaidElsewhereReachesEveryMemberHere() throws Exception {
        EmbeddedClient alice = member(false);
        EmbeddedClient bob = member(false);
        alice.lines(); // bob joined
        RoomBridge.Local local = room.local();
        local.relay("carol", "hi from the other server");
        local.notice("* 3 lines from server 1a2b3c4d were lost on the way");
        List<String> expected = List.of("<carol> hi from the other server", "* 3 lines from server 1a2b3c4d were lost on the way");
        assertEquals(expected, alice.lines());
        assertEquals(expected, bob.lines());
        assertThat(said).isEmpty(); // not sent back out
        assertFalse(bob.finish());
        alice.lines(); // bob left
        assertFalse(alice.finish());
    }

    @Test
    void theServerOpensItsBridgeAndClosesItWhenItClosesOrCannotStart() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        RoomBridge watched = new RoomBridge() {
            @Override
            public void open(Local room) {
                events.add("open");
            }

            @Override
            public void said(String name, String text) {
            }

            @Override
            public void close() {
                events.add("close");
            }
        };
        try (ChatServer server = ChatServer.builder().port(0).mode(ServerMode.ROOM).bridge(watched).start()) {
            assertEquals("open", events.poll(5, SECONDS));
            assertThrows(ChatException.class,
                    () -> ChatServer.builder().port(server.port()).mode(ServerMode.ROOM).bridge(watched).start());
            assertEquals("open", events.poll(5, SECONDS));
            assertEquals("close", events.poll(5, SECONDS), "the server that could not bind");
        }
        assertEquals("close", events.poll(5, SECONDS), "the server that closed");
        assertThat(events).isEmpty();
    }

    @Test
    void aBridgeNeedsARoom() {
        assertEquals("a bridge needs room mode", assertThrows(IllegalArgumentException.class,
                () -> ChatServer.builder().port(0).mode(ServerMode.ECHO).bridge(recording).start()).getMessage());
    }
}
