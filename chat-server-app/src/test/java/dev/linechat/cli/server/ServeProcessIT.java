package dev.linechat.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.ChatServer;
import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.SocketPeer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeProcessIT {

    @Test
    void holdsTheLabConversationWithATelnetClient() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer telnet = SocketPeer.connect(port, "\r\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + telnet.localPort());

                telnet.send("Hello? Are you there?");
                serve.out.expect("Client says: Hello? Are you there?");
                serve.type("Yes? Whats the big idea?");
                telnet.expect("Yes? Whats the big idea?");
                telnet.send("Nothing");
                serve.out.expect("Client says: Nothing");
                serve.type("Stop wasting my time");
                telnet.expect("Stop wasting my time");
                telnet.send("Ça coûte 5 € — é");
                serve.out.expect("Client says: Ça coûte 5 € — é");
                serve.type("Très cher, 10 €");
                telnet.expect("Très cher, 10 €");
                telnet.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
                telnet.expectClosed();
            }

            Outcome outcome = serve.awaitExit();
            LaunchedApp.assertQuietSuccess(outcome);
            assertEquals(List.of(), serve.out.unread(), outcome::toString);
        }
    }

    @Test
    void portInUseFailsWithOneLineOnStderr() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             LaunchedApp serve = LaunchedApp.start("serve", "--port", String.valueOf(taken.getLocalPort()))) {
            Outcome outcome = serve.awaitExit();

            assertEquals(1, outcome.exitCode(), outcome::toString);
            List<String> errors = LaunchedApp.errorLines(outcome);
            assertEquals(1, errors.size(), outcome::toString);
            assertTrue(errors.get(0).startsWith("chat serve: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    outcome::toString);
            assertEquals("", outcome.out(), outcome::toString);
        }
    }

    @Test
    void sigtermStopsARunningServerPromptly() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer client = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + client.localPort());

                long start = System.nanoTime();
                serve.terminate();
                client.expect(ChatServer.FAREWELL);
                client.expectClosed();
                serve.out.expect("Closing connection");
                Outcome outcome = serve.awaitExit();
                long millis = (System.nanoTime() - start) / 1_000_000;

                LaunchedApp.assertQuietSuccess(outcome); // a stop asked for is a clean exit, not 143
                assertTrue(millis < 5000, () -> "took " + millis + " ms to stop:\n" + outcome);
            }
        }
    }

    @Test
    void closesAnIdleClientWithANoticeAndServesTheNext() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0", "--idle-timeout", "1s")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer idle = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + idle.localPort());
                idle.expect("* idle timeout: nothing received for 1s; closing the connection");
                idle.expectClosed();
            }
            serve.out.expect("Closing connection", "Waiting for a client...");
            try (SocketPeer next = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + next.localPort());
                next.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection", "Waiting for a client...");
                next.expectClosed();
            }
            serve.terminate();
            LaunchedApp.assertQuietSuccess(serve.awaitExit());
        }
    }
}
