package dev.linechat.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.ChatServer;
import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.PrintedLines;
import dev.linechat.testing.SocketPeer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** How {@code chat serve}, started through the launcher, stops on SIGTERM with clients connected. */
class ShutdownProcessIT {

    /** How soon the server must have exited after SIGTERM; the README promises about a second. */
    private static final long EXIT_WITHIN_MILLIS = 3000;

    @Test
    void sigtermSaysFarewellToEveryClientAndExitsPromptly() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer one = connect(serve, port, "Client connected from 127.0.0.1:%d");
                 SocketPeer two = connect(serve, port, "Client #2 (127.0.0.1:%d) connected");
                 SocketPeer silent = connect(serve, port, "Client #3 (127.0.0.1:%d) connected")) { // never reads
                silent.send("I will not listen");
                serve.out.expect("Client #3 (127.0.0.1:" + silent.localPort() + ") says: I will not listen");

                long start = System.nanoTime();
                serve.terminate();
                for (SocketPeer reader : List.of(one, two)) {
                    reader.expect(ChatServer.FAREWELL);
                    reader.expectClosed();
                    reader.hangUp(); // as chat connect and nc do when the server's stream ends
                }
                Outcome outcome = serve.awaitExit();
                long millis = (System.nanoTime() - start) / 1_000_000;

                LaunchedApp.assertQuietSuccess(outcome); // a stop asked for is a clean exit, not 143
                assertTrue(millis < EXIT_WITHIN_MILLIS, () -> "took " + millis + " ms to stop:\n" + outcome);
            }
        }
    }

    @Test
    void sigtermStopsPromptlyEvenIfAClientStopsReadingWhileItsLinesPileUp() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "echo", "--port", "0")) {
            int port = serve.out.expectServerStarted("127.0.0.1", " Mode: echo.");
            try (SocketPeer one = connect(serve, port, "Client #1 (127.0.0.1:%d) connected");
                 SocketPeer two = connect(serve, port, "Client #2 (127.0.0.1:%d) connected");
                 Socket stuck = new Socket()) {
                stuck.setReceiveBufferSize(4096); // a small window, so that the echoes pile up in the server
                stuck.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                serve.out.expect("Client #3 (127.0.0.1:" + stuck.getLocalPort() + ") connected");
                flood(stuck.getOutputStream(), 8 << 20); // far more than the kernel's buffers hold
                one.send("ping");
                one.expect("ping");

                long start = System.nanoTime();
                serve.terminate();
                for (SocketPeer reader : List.of(one, two)) {
                    reader.expect(ChatServer.FAREWELL);
                    reader.expectClosed();
                    reader.hangUp(); // as chat connect and nc do when the server's stream ends
                }
                Outcome outcome = serve.awaitExit();
                long millis = (System.nanoTime() - start) / 1_000_000;

                LaunchedApp.assertQuietSuccess(outcome);
                assertTrue(millis < EXIT_WITHIN_MILLIS, () -> "took " + millis + " ms to stop:\n" + outcome);
            }
        }
    }

    @Test
    void sigtermInRoomModeSendsEveryMemberTheFarewellAndNothingElse() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "room", "--port", "0")) {
            int port = serve.out.expectServerStarted("127.0.0.1", " Mode: room.");
            try (SocketPeer one = connect(serve, port, "* user1 joined");
                 SocketPeer two = connect(serve, port, "* user2 joined");
                 SocketPeer three = connect(serve, port, "* user3 joined")) {
                one.expect("* welcome, user1; /help lists the commands", "* user2 joined", "* user3 joined");
                two.expect("* welcome, user2; /help lists the commands", "* user3 joined");
                three.expect("* welcome, user3; /help lists the commands");

                serve.terminate();
                for (SocketPeer member : List.of(one, two, three)) {
                    // not the others' "* userN left", before or after it: they are not leaving, the server is
                    assertEquals(ChatServer.FAREWELL + "\n", member.readToEnd());
                    member.hangUp();
                }
                LaunchedApp.assertQuietSuccess(serve.awaitExit());
            }
        }
    }

    @Test
    void listensOnIpv6LoopbackAndNamesItInBrackets() throws Exception {
        Assumptions.assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback on this host");
        try (LaunchedApp serve = LaunchedApp.start("serve", "--host", "::1", "--port", "0")) {
            int port = serve.out.expectServerStarted("[::1]", PrintedLines.WAITING_FOR_A_CLIENT);
            try (SocketPeer client = SocketPeer.connect("::1", port, "\n")) {
                serve.out.expect("Client connected from [::1]:" + client.localPort());
                client.send("Hello over IPv6");
                serve.out.expect("Client says: Hello over IPv6");
                serve.type("Loud and clear");
                client.expect("Loud and clear");

                serve.terminate();
                client.expect(ChatServer.FAREWELL);
                client.expectClosed();
                client.hangUp();
                serve.out.expect("Closing connection");
                LaunchedApp.assertQuietSuccess(serve.awaitExit());
            }
        }
    }

    /**
     * Connects one more client and waits for the operator to see it, so that clients get their ids in
     * the order they connect; {@code connected} names the line, with {@code %d} for the client's port.
     */
    private static SocketPeer connect(LaunchedApp serve, int port, String connected) throws Exception {
        SocketPeer client = SocketPeer.connect(port, "\n");
        try {
            serve.out.expect(String.format(Locale.ROOT, connected, client.localPort()));
            return client;
        } catch (Exception | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** Writes lines until {@code bytes} have gone out; the server reads them all, as it never stops reading. */
    private static void flood(OutputStream out, int bytes) throws IOException {
        byte[] line = ("x".repeat(8000) + "\n").getBytes(StandardCharsets.UTF_8);
        for (int sent = 0; sent < bytes; sent += line.length) {
            out.write(line);
        }
        out.flush();
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return probe.getLocalPort() > 0;
        } catch (IOException unavailable) {
            return false;
        }
    }
}
