package dev.linechat.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.ChatClient;
import dev.linechat.LineInbox;
import dev.linechat.cluster.FirstWords;
import dev.linechat.cluster.TestRedis;
import dev.linechat.testing.LaunchedApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Two {@code chat serve --mode room --cluster} processes, started through the launcher, form one room. */
class ClusterProcessIT {

    private static final String MODE_ROOM = " Mode: room.";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void membersOfTwoServersMeetInOneRoom() throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            String uri = "redis://127.0.0.1:" + redis.port();
            try (LaunchedApp one = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--cluster", uri);
                    LaunchedApp two = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--cluster", uri)) {
                int portOne = one.out.expectServerStarted("127.0.0.1", MODE_ROOM);
                int portTwo = two.out.expectServerStarted("127.0.0.1", MODE_ROOM);
                String announced = "Cluster: room lobby through redis://127\\.0\\.0\\.1:" + redis.port() + "/0, as server [0-9a-f]{8}\\.";
                assertThat(one.out.next()).matches(announced);
                assertThat(two.out.next()).matches(announced);
                LineInbox atOne = new LineInbox();
                LineInbox atTwo = new LineInbox();
                try (ChatClient alice = ChatClient.builder().port(portOne).listener(atOne).connect();
                        ChatClient bob = ChatClient.builder().port(portTwo).listener(atTwo).connect()) {
                    alice.send("/nick alice");
                    atOne.await(line -> line.endsWith(" is now known as alice"), WAIT);
                    bob.send("/nick bob");
                    atTwo.await(line -> line.endsWith(" is now known as bob"), WAIT);
                    // A server's link reads the stream from where it finds it once connected to Redis,
                    // which may take a moment after its start line: say hello until it is heard.
                    FirstWords.untilHeard(alice, "hello?", atTwo, "<alice> hello?");
                    FirstWords.untilHeard(bob, "hello!", atOne, "<bob> hello!");
                    for (int i = 1; i <= 100; i++) {
                        alice.send("line " + i);
                    }
                    for (int i = 1; i <= 100; i++) {
                        assertEquals("<alice> line " + i, atTwo.await(line -> line.startsWith("<alice> line "), WAIT));
                    }
                }
            }
        }
    }

    @Test
    void theMembersOfAKilledServerLeaveWhoOnTheOthersWithinSeconds() throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            String uri = "redis://127.0.0.1:" + redis.port();
            List<LaunchedApp> servers = new ArrayList<>();
            List<ChatClient> clients = new ArrayList<>();
            try {
                Map<Integer, List<String>> namesAt = new HashMap<>();
                List<LineInbox> inboxes = new ArrayList<>();
                for (int s = 0; s < 3; s++) {
                    LaunchedApp server = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--cluster", uri);
                    servers.add(server);
                    int port = server.out.expectServerStarted("127.0.0.1", MODE_ROOM);
                    for (int c = 0; c < 10; c++) {
                        LineInbox inbox = new LineInbox();
                        inboxes.add(inbox);
                        ChatClient client = ChatClient.builder().port(port).listener(inbox).connect();
                        clients.add(client);
                        String welcome = inbox.await(line -> line.startsWith("* welcome, "), WAIT);
                        namesAt.computeIfAbsent(s, k -> new ArrayList<>()).add(welcome.substring("* welcome, ".length(), welcome.indexOf(';')));
                    }
                }
                ChatClient asker = clients.get(0);
                LineInbox answers = inboxes.get(0);
                LineInbox bystander = inboxes.get(1); // on the same server: sees the departures
                String everyone = askWho(asker, answers, who -> who.startsWith("* 30 members: "));
                assertThat(everyone).contains(namesAt.get(2).get(0) + " (on server ");

                servers.get(2).kill();
                long killed = System.nanoTime();
                String after = askWho(asker, answers, who -> namesAt.get(2).stream().noneMatch(who::contains));
                long millis = (System.nanoTime() - killed) / 1_000_000;
                System.out.println("cluster: after kill -9 of a server, its 10 members left /who elsewhere in " + millis + " ms");
                assertThat(after).startsWith("* 20 members: ");
                assertThat(millis).as("ms until a killed server's members left /who").isLessThan(6_000);
                for (String name : namesAt.get(2)) {
                    bystander.await(line -> line.startsWith("* " + name + " left (server ") && line.endsWith(" stopped answering)"), WAIT);
                }
            } finally {
                clients.forEach(ChatClient::close);
                servers.forEach(LaunchedApp::close);
            }
        }
    }

    /** Asks {@code /who} every 100 ms until the answer matches. */
    private static String askWho(ChatClient asker, LineInbox inbox, Predicate<String> answer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            asker.send("/who");
            String who = inbox.await(line -> line.startsWith("* ") && line.contains(" member"), WAIT);
            if (answer.test(who)) {
                return who;
            }
            assertThat(System.nanoTime()).as("last /who: %s", who).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void clusterIsForRoomsAndNeedsARedisUri() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "echo", "--cluster", "redis://127.0.0.1:6379")) {
            serve.awaitExit().assertUsageError("--cluster needs --mode room");
        }
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "room", "--cluster", "http://example.org")) {
            serve.awaitExit().assertUsageError("--cluster: ");
        }
    }
}
