package dev.linechat.cli.server;

import dev.linechat.cluster.TestRedis;
import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.SocketPeer;
import org.junit.jupiter.api.Test;

/** Two {@code chat serve --mode room --cluster} processes, started through the launcher, form one room. */
class ClusterProcessIT {

    private static final String MODE_ROOM = " Mode: room.";

    @Test
    void membersOfTwoServersMeetInOneRoom() throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            String uri = "redis://127.0.0.1:" + redis.port();
            try (LaunchedApp one = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--cluster", uri);
                    LaunchedApp two = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--cluster", uri)) {
                int portOne = one.out.expectServerStarted("127.0.0.1", MODE_ROOM);
                int portTwo = two.out.expectServerStarted("127.0.0.1", MODE_ROOM);
                try (SocketPeer alice = SocketPeer.connect(portOne, "\n");
                        SocketPeer bob = SocketPeer.connect(portTwo, "\n")) {
                    alice.expect("* welcome, user1; /help lists the commands");
                    bob.expect("* welcome, user1; /help lists the commands");
                    alice.send("/nick alice");
                    alice.expect("* user1 is now known as alice");
                    bob.send("/nick bob");
                    bob.expect("* user1 is now known as bob");
                    // Each server's link reads the stream from where it was when the server started,
                    // which was before these members joined: what alice says now reaches bob.
                    alice.send("hello from the first server");
                    bob.expect("<alice> hello from the first server");
                    bob.send("and hello from the second");
                    alice.expect("<bob> and hello from the second");
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
