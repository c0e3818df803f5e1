package dev.linechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.ChatClient;
import dev.linechat.ChatServer;
import dev.linechat.LineInbox;
import dev.linechat.ServerMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two room servers bridged through a real Redis form one room. */
class RedisRoomBridgeIT {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private TestRedis redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = TestRedis.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> alive;
        while (!(alive = threads("lettuce-", "chat-cluster-", "chat-server", "chat-client")).isEmpty()) {
            assertThat(System.nanoTime()).as("threads still alive: %s", alive).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private ChatServer roomServer() {
        return ChatServer.builder().port(0).mode(ServerMode.ROOM)
                .bridge(RedisRoomBridge.to("redis://127.0.0.1:" + redis.port(), "lobby")).start();
    }

    @Test
    void membersOfTwoServersHearEachOtherInOrder() throws Exception {
        try (ChatServer one = roomServer(); ChatServer two = roomServer()) {
            LineInbox atOne = new LineInbox();
            LineInbox atTwo = new LineInbox();
            try (ChatClient alice = ChatClient.builder().port(one.port()).listener(atOne).connect();
                    ChatClient bob = ChatClient.builder().port(two.port()).listener(atTwo).connect()) {
                alice.send("/nick alice");
                bob.send("/nick bob");
                // A link reads from the end of the stream as it finds it when it starts: say hello
                // until the other side hears it, then the room is one.
                FirstWords.untilHeard(alice, "hello from alice", atTwo, "<alice> hello from alice");
                for (int i = 1; i <= 200; i++) {
                    alice.send("line " + i);
                    bob.send("reply " + i);
                }
                for (int i = 1; i <= 200; i++) {
                    String expected = "<alice> line " + i;
                    assertEquals(expected, atTwo.await(line -> line.startsWith("<alice> line "), WAIT));
                }
                for (int i = 1; i <= 200; i++) {
                    String expected = "<bob> reply " + i;
                    assertEquals(expected, atOne.await(line -> line.startsWith("<bob> reply "), WAIT));
                }
            }
        }
    }

    @Test
    void aServerStartsWhileRedisIsDownAndItsOwnMembersStillTalk() throws Exception {
        redis.close();
        redis = null;
        try (ChatServer lonely = ChatServer.builder().port(0).mode(ServerMode.ROOM)
                .bridge(RedisRoomBridge.to("redis://127.0.0.1:1", "lobby")).start()) {
            LineInbox inbox = new LineInbox();
            try (ChatClient alice = ChatClient.builder().port(lonely.port()).listener(inbox).connect();
                    ChatClient bob = ChatClient.builder().port(lonely.port()).listener(new LineInbox()).connect()) {
                bob.send("still heard here");
                assertEquals("<user2> still heard here", inbox.await(line -> line.startsWith("<user2>"), WAIT));
            }
        }
    }

    private static List<String> threads(String... prefixes) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (String prefix : prefixes) {
                if (t.isAlive() && t.getName().startsWith(prefix)) {
                    names.add(t.getName());
                }
            }
        }
        return names;
    }
}
