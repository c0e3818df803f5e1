package dev.linechat.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.ChatClient;
import dev.linechat.LineInbox;
import dev.linechat.cluster.FirstWords;
import dev.linechat.cluster.TestRedis;
import dev.linechat.testing.LaunchedApp;
import java.time.Duration;
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
    void clusterIsForRoomsAndNeedsARedisUri() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "echo", "--cluster", "redis://127.0.0.1:6379")) {
            serve.awaitExit().assertUsageError("--cluster needs --mode room");
        }
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "room", "--cluster", "http://example.org")) {
            serve.awaitExit().assertUsageError("--cluster: ");
        }
    }
}
