package dev.linechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linechat.ChatClient;
import dev.linechat.ChatException;
import dev.linechat.ChatServer;
import dev.linechat.LineInbox;
import dev.linechat.ServerMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** A room server that finds its bridge by the URI's scheme, as an application would. */
    private ChatServer roomServer() {
        return ChatServer.builder().port(0).mode(ServerMode.ROOM).cluster("redis://127.0.0.1:" + redis.port()).start();
    }

    @Test
    void aClusterUriIsCheckedWhenTheServerIsDescribed() {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> ChatServer.builder().mode(ServerMode.ROOM).cluster("redis://127.0.0.1:99999")).getMessage())
                .startsWith("Redis URI 'redis://127.0.0.1:99999': ");
    }

    @Test
    void membersOfTwoServersHearEachOtherInOrder() throws Exception {
        try (TwoServers room = new TwoServers()) {
            room.named("alice", "bob");
            // A link may need a moment to reach Redis: say hello until the other side hears it.
            FirstWords.untilHeard(room.alice, "hello from alice", room.atTwo, "<alice> hello from alice");
            for (int i = 1; i <= 200; i++) {
                room.alice.send("line " + i);
                room.bob.send("reply " + i);
            }
            for (int i = 1; i <= 200; i++) {
                String expected = "<alice> line " + i;
                assertEquals(expected, room.atTwo.await(line -> line.startsWith("<alice> line "), WAIT));
            }
            for (int i = 1; i <= 200; i++) {
                String expected = "<bob> reply " + i;
                assertEquals(expected, room.atOne.await(line -> line.startsWith("<bob> reply "), WAIT));
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
                assertThat(inbox.await(line -> line.endsWith("> still heard here"), WAIT)).matches("<user[12]@[0-9a-f]{8}> .*");
                alice.send("/nick alice");
                assertEquals("ERROR the other servers cannot be reached to check the name alice; try again when they are back",
                        inbox.await(line -> line.startsWith("ERROR"), WAIT));
            }
        }
    }

    @Test
    void whoListsTheMembersOfEveryServerAndMsgReachesThemThere() throws Exception {
        try (TwoServers room = new TwoServers()) {
            room.named("alice", "bob");
            FirstWords.untilHeard(room.alice, "hello", room.atTwo, "<alice> hello");
            String whoAtOne = askUntil(room.alice, room.atOne, "/who", line -> line.contains("bob (on server "));
            assertThat(whoAtOne).startsWith("* 2 members: alice (127.0.0.1:").matches(".*, bob \\(on server [0-9a-f]{8}\\)$");

            room.alice.send("/msg BOB psst, only you");
            assertEquals("*alice* psst, only you", room.atTwo.await(line -> line.startsWith("*alice*"), WAIT));
            room.alice.send("/msg nobody hello?");
            assertEquals("ERROR no member is named nobody", room.atOne.await(line -> line.startsWith("ERROR"), WAIT));

            try (ChatClient carol = ChatClient.builder().port(room.two.port()).listener(new LineInbox()).connect()) {
                String joined = room.atOne.await(line -> line.endsWith(" joined"), WAIT);
                assertThat(joined).matches("\\* user2@[0-9a-f]{8} joined");
            }
            assertThat(room.atOne.await(line -> line.endsWith(" left"), WAIT)).matches("\\* user2@[0-9a-f]{8} left");
            room.bob.send("/nick robert");
            assertEquals("* bob is now known as robert", room.atOne.await(line -> line.contains("known as"), WAIT));
        }
    }

    @Test
    void aNameTakenOnOneServerIsTakenOnAllUntilItIsGivenUp() throws Exception {
        try (TwoServers room = new TwoServers()) {
            askUntil(room.alice, room.atOne, "/nick alice", line -> line.endsWith(" is now known as alice"));
            // asked until server two has reached Redis, which it may not have yet
            askUntil(room.bob, room.atTwo, "/nick ALICE", "ERROR the name ALICE is taken"::equals);
            room.alice.send("/nick al");
            room.atOne.await("* alice is now known as al"::equals, WAIT);
            askUntil(room.bob, room.atTwo, "/nick Alice", line -> line.endsWith(" is now known as Alice"));
        }
    }

    @Test
    void namesAndListsAreHeldAgainAfterRedisRestartsEmpty() throws Exception {
        try (TwoServers room = new TwoServers()) {
            room.named("alice", "bob");
            redis.restart(); // nothing persisted: the lists and held names are gone
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (redis.command("GET", "room:lobby:name:alice") == null
                    || !Long.valueOf(2).equals(redis.command("SCARD", "room:lobby:nodes"))) {
                assertThat(System.nanoTime()).as("the beats hold the names and lists again").isLessThan(deadline);
                Thread.sleep(50);
            }
            askUntil(room.bob, room.atTwo, "/nick ALICE", "ERROR the name ALICE is taken"::equals);
            FirstWords.untilHeard(room.alice, "still here", room.atTwo, "<alice> still here");
        }
    }

    @Test
    void theMembersOfAServerThatStopsAnsweringLeaveWithinSeconds() throws Exception {
        try (ChatServer one = roomServer()) {
            LineInbox atOne = new LineInbox();
            try (ChatClient alice = ChatClient.builder().port(one.port()).listener(atOne).connect()) {
                // A server that beat once, then never again, as one that crashed.
                redis.command("SADD", "room:lobby:nodes", "ghost");
                redis.command("SET", "room:lobby:members:ghost", "1 7 0 0 casper", "PX", "60000"); // beat, epoch, settled, published, names
                askUntil(alice, atOne, "/who", line -> line.contains("casper (on server ghost)"));
                long seen = System.nanoTime();
                assertEquals("* casper left (server ghost stopped answering)",
                        atOne.await(line -> line.startsWith("* casper left"), Duration.ofSeconds(10)));
                long millis = (System.nanoTime() - seen) / 1_000_000;
                System.out.println("presence: a silent server's member left /who " + millis + " ms after it was first listed");
                alice.send("/who");
                assertThat(atOne.await(line -> line.startsWith("* 1 member:"), WAIT)).doesNotContain("casper");
                assertEquals(0L, redis.command("EXISTS", "room:lobby:members:ghost"), "its list is gone for every server");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "it said it had sent 5, '1 7 5 5 casper', false",
        "it had numbered 5 but sent 3 when it died, '1 7 3 5 casper', true"})
    void linesLostAfterAServersLastWordAreStillAnnounced(String story, String list, boolean dies) throws Exception {
        try (ChatServer one = roomServer()) {
            LineInbox atOne = new LineInbox();
            try (ChatClient alice = ChatClient.builder().port(one.port()).listener(atOne).connect()) {
                atOne.await(line -> line.startsWith("* welcome, "), WAIT); // a member: lines from elsewhere reach it
                for (int seq = 1; seq <= 3; seq++) {
                    redis.command("XADD", "room:lobby", "*", "v", "1", "node", "ghost", "epoch", "7", "seq", Integer.toString(seq),
                            "kind", "LINE", "name", "casper", "text", "boo " + seq);
                }
                for (int seq = 1; seq <= 3; seq++) {
                    assertEquals("<casper> boo " + seq, atOne.await(line -> line.startsWith("<casper>"), WAIT));
                }
                // ghost beats once (heartbeat, epoch, settled, published, names) and says nothing more:
                // 4 and 5 never reach the stream.
                redis.command("SADD", "room:lobby:nodes", "ghost");
                redis.command("SET", "room:lobby:members:ghost", list, "PX", "60000");
                if (dies) {
                    atOne.await(line -> line.startsWith("* casper left (server ghost"), Duration.ofSeconds(10));
                }
                assertEquals("* 2 lines from server ghost were lost on the way",
                        atOne.await(line -> line.contains(" lost "), WAIT));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked") // SMEMBERS answers a list
    void aServerThatClosesSaysItsMembersGoodbyeFirst() throws Exception {
        try (ChatServer one = roomServer()) {
            LineInbox atOne = new LineInbox();
            try (ChatClient alice = ChatClient.builder().port(one.port()).listener(atOne).connect()) {
                ChatServer two = roomServer();
                LineInbox atTwo = new LineInbox();
                String bobsName;
                try (ChatClient bob = ChatClient.builder().port(two.port()).listener(atTwo).connect()) {
                    String welcome = atTwo.await(line -> line.startsWith("* welcome, "), WAIT);
                    bobsName = welcome.substring("* welcome, ".length(), welcome.indexOf(';'));
                    FirstWords.untilHeard(bob, "bye soon", atOne, "<" + bobsName + "> bye soon");
                    askUntil(alice, atOne, "/who", line -> line.startsWith("* 2 members:"));
                } finally {
                    two.close();
                }
                assertThat(atOne.await(line -> line.endsWith(" left"), WAIT)).matches("\\* user1@[0-9a-f]{8} left");
                alice.send("/who");
                assertThat(atOne.await(line -> line.startsWith("* "), WAIT)).startsWith("* 1 member: user1@");
                String twosId = bobsName.substring(bobsName.indexOf('@') + 1);
                assertThat((List<Object>) redis.command("SMEMBERS", "room:lobby:nodes")).doesNotContain(twosId);
                assertEquals(0L, redis.command("EXISTS", "room:lobby:members:" + twosId), "the closed server's list is gone");
            }
        }
    }

    /** Two servers through one Redis, and a member on each: alice on one, bob on two. */
    private final class TwoServers implements AutoCloseable {
        final ChatServer one = roomServer();
        final ChatServer two = roomServer();
        final LineInbox atOne = new LineInbox();
        final LineInbox atTwo = new LineInbox();
        final ChatClient alice = ChatClient.builder().port(one.port()).listener(atOne).connect();
        final ChatClient bob = ChatClient.builder().port(two.port()).listener(atTwo).connect();

        /** Gives alice and bob these names, asking until each server has reached Redis and agrees. */
        void named(String aliceName, String bobName) throws InterruptedException {
            askUntil(alice, atOne, "/nick " + aliceName, line -> line.endsWith(" is now known as " + aliceName));
            askUntil(bob, atTwo, "/nick " + bobName, line -> line.endsWith(" is now known as " + bobName));
        }

        @Override
        public void close() {
            alice.close();
            bob.close();
            two.close();
            one.close();
        }
    }

    /** Sends a line every 200 ms until an answer matches: presence needs a beat or two to spread. */
    private static String askUntil(ChatClient client, LineInbox inbox, String line, Predicate<String> answer)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            client.send(line);
            try {
                return inbox.await(answer, Duration.ofMillis(300));
            } catch (ChatException notYet) {
                assertThat(System.nanoTime()).as("no answer to %s matched", line).isLessThan(deadline);
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
