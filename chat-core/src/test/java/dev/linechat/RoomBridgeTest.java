package dev.linechat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.internal.Room;
import dev.linechat.internal.RoomHandler;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    @ParameterizedTest(name = "transcribeLines: {0}")
    @ValueSource(booleans = {false, true})
    void theOperatorSeesLinesFromElsewhereOnlyWhenAskedButAlwaysTheNotices(boolean transcribeLines) {
        List<String> shown = new ArrayList<>();
        Room watched = new Room(LineEncoder.UTF_8, new UnpooledByteBufAllocator(false), shown::add, Map.of(), transcribeLines, recording);
        watched.local().relay("carol", "hi");
        watched.local().notice("* carol joined");
        assertEquals(transcribeLines ? List.of("<carol> hi", "* carol joined") : List.of("* carol joined"), shown);
    }

    @Test
    void linesFromElsewhereCanArriveTogetherAsOneWritePerMember() throws Exception {
        EmbeddedClient alice = member(false);
        room.local().relayAll(List.of(Map.entry("carol", "one"), Map.entry("dave", "two"), Map.entry("carol", "")));
        Object written = alice.readOutbound();
        assertThat(alice.outboundMessages()).as("one write for the batch").isEmpty();
        alice.writeOutbound(written); // back in the queue, for lines() to read
        assertEquals(List.of("<carol> one", "<dave> two", "<carol> "), alice.lines());
        room.local().relayAll(List.of());
        assertEquals(List.of(), alice.lines());
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

    /** A bridge that knows a few members elsewhere, records what it is told and answers claims when the test says. */
    private static final class Cluster implements RoomBridge {
        final List<String> events = new ArrayList<>();
        final Map<String, CompletableFuture<String>> claims = new LinkedHashMap<>();
        final Map<String, String> elsewhere = new LinkedHashMap<>(Map.of("carol", "b2"));

        @Override
        public void open(Local room) {
        }

        @Override
        public void said(String name, String text) {
        }

        @Override
        public String serverId() {
            return "a1";
        }

        @Override
        public void joined(String name) {
            events.add("joined " + name);
        }

        @Override
        public void left(String name) {
            events.add("left " + name);
        }

        @Override
        public void renamed(String oldName, String newName) {
            events.add("renamed " + oldName + " " + newName);
        }

        @Override
        public CompletionStage<String> claim(String name) {
            events.add("claim " + name);
            return claims.computeIfAbsent(name, n -> new CompletableFuture<>());
        }

        @Override
        public Map<String, String> elsewhere() {
            return elsewhere;
        }

        @Override
        public boolean whisper(String from, String to, String text) {
            events.add("whisper " + from + " " + to + " " + text);
            return elsewhere.containsKey(to);
        }

        @Override
        public void close() {
        }
    }

    private EmbeddedClient memberOf(Room clustered) throws Exception {
        RoomHandler handler = new RoomHandler(clustered);
        EmbeddedClient ch = EmbeddedClient.connect(new InetSocketAddress("127.0.0.1", nextPort++), p -> {
            ChatPipelines.server(p, sessionHandler);
            p.addLast("chat-mode", handler);
        });
        return ch;
    }

    @Test
    void aBridgedRoomNamesItsMembersAfterItsServerAndTellsTheBridgeWhoComesAndGoes() throws Exception {
        Cluster cluster = new Cluster();
        Room clustered = new Room(LineEncoder.UTF_8, new UnpooledByteBufAllocator(false), line -> { }, Map.of(), false, cluster);
        EmbeddedClient alice = memberOf(clustered);
        assertEquals(List.of("* welcome, user1@a1; /help lists the commands"), alice.lines());
        assertEquals(List.of("user1@a1"), clustered.local().members());
        assertFalse(alice.finish());
        assertEquals(List.of("joined user1@a1", "left user1@a1"), cluster.events);
    }

    @Test
    void aNewNameWaitsForTheOtherServersAndSoDoTheMembersNextLines() throws Exception {
        Cluster cluster = new Cluster();
        Room clustered = new Room(LineEncoder.UTF_8, new UnpooledByteBufAllocator(false), line -> { }, Map.of(), false, cluster);
        EmbeddedClient alice = memberOf(clustered);
        EmbeddedClient bob = memberOf(clustered);
        alice.lines();
        bob.lines();
        alice.type("/nick alice\nfirst words\n");
        assertFalse(alice.config().isAutoRead(), "reading paused until the claim is answered");
        assertEquals(List.of(), bob.lines(), "the line after /nick waits for the answer");
        cluster.claims.get("alice").complete(null);
        alice.runPendingTasks();
        assertTrue(alice.config().isAutoRead());
        assertEquals(List.of("* user1@a1 is now known as alice"), alice.lines());
        assertEquals(List.of("* user1@a1 is now known as alice", "<alice> first words"), bob.lines());
        assertFalse(bob.finish());
        alice.lines(); // bob left

        alice.type("/nick bob\n");
        cluster.claims.get("bob").complete("the name bob is taken");
        alice.runPendingTasks();
        assertEquals(List.of("ERROR the name bob is taken"), alice.lines());

        alice.type("/nick dave\n");
        cluster.claims.get("dave").completeExceptionally(new IllegalStateException("link down"));
        alice.runPendingTasks();
        assertEquals(List.of("ERROR the other servers could not be asked about dave; try again"), alice.lines());
        assertEquals(List.of("alice"), clustered.local().members(), "refused names are given back");

        alice.type("/nick ALICE\n"); // the same name in other letters needs no one's leave
        assertEquals(List.of("* alice is now known as ALICE"), alice.lines());
        assertEquals(List.of("joined user1@a1", "joined user2@a1", "claim alice", "renamed user1@a1 alice", "left user2@a1",
                "claim bob", "claim dave", "renamed alice ALICE"), cluster.events);
        assertFalse(alice.finish());
    }

    @Test
    void whoListsMembersElsewhereAndMsgReachesThem() throws Exception {
        Cluster cluster = new Cluster();
        Room clustered = new Room(LineEncoder.UTF_8, new UnpooledByteBufAllocator(false), line -> { }, Map.of(), false, cluster);
        EmbeddedClient alice = memberOf(clustered);
        alice.lines();
        alice.type("/who\n/msg carol psst\n/msg nobody hello?\n");
        assertEquals(List.of("* 2 members: user1@a1 (127.0.0.1:" + (nextPort - 1) + "), carol (on server b2)",
                "ERROR no member is named nobody"), alice.lines());
        assertThat(cluster.events).contains("whisper user1@a1 carol psst", "whisper user1@a1 nobody hello?");

        assertTrue(clustered.local().whisper("carol", "USER1@A1", "hi back"));
        assertEquals(List.of("*carol* hi back"), alice.lines());
        assertFalse(clustered.local().whisper("carol", "nobody", "lost"));
        assertFalse(alice.finish());
    }
}
