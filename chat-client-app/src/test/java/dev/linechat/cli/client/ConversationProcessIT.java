package dev.linechat.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.ChatServer;
import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationProcessIT {

    private static final String CONNECTED_FROM_LOOPBACK = "Client connected from 127\\.0\\.0\\.1:\\d+";

    @Test
    void serverAndClientHoldTheLabConversation() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            try (LaunchedApp connect = LaunchedApp.start("connect", "--port", String.valueOf(port))) {
                connect.out.expect("Connected to the server.");
                expectConnected(serve);

                connect.type("Hello? Are you there?");
                serve.out.expect("Client says: Hello? Are you there?");
                serve.type("Yes? Whats the big idea?");
                connect.out.expect("Server says: Yes? Whats the big idea?");
                connect.type("Nothing");
                serve.out.expect("Client says: Nothing");
                serve.type("Stop wasting my time");
                connect.out.expect("Server says: Stop wasting my time");
                connect.type("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");

                Outcome client = connect.awaitExit();
                LaunchedApp.assertQuietSuccess(client);
                assertEquals(List.of(), connect.out.unread(), client::toString);
            }
            Outcome server = serve.awaitExit();
            LaunchedApp.assertQuietSuccess(server);
            assertEquals(List.of(), serve.out.unread(), server::toString);
        }
    }

    @Test
    void serverLinesReachASilentClient() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            try (LaunchedApp connect = LaunchedApp.start("connect", "--port", String.valueOf(port))) {
                connect.out.expect("Connected to the server.");
                expectConnected(serve);

                serve.type("Are you there?");
                serve.type("Ça coûte 5 €");
                connect.out.expect("Server says: Are you there?", "Server says: Ça coûte 5 €");
                connect.endInput(); // Ctrl-D: the client says BYE for the user
                serve.out.expect("Client says: BYE", "Closing connection");

                Outcome client = connect.awaitExit();
                LaunchedApp.assertQuietSuccess(client);
                assertEquals(List.of(), connect.out.unread(), client::toString);
            }
            Outcome server = serve.awaitExit();
            LaunchedApp.assertQuietSuccess(server);
            assertEquals(List.of(), serve.out.unread(), server::toString);
        }
    }

    @Test
    void sigtermMakesTheClientSayBye() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            try (LaunchedApp connect = LaunchedApp.start("connect", "--port", String.valueOf(port))) {
                connect.out.expect("Connected to the server.");
                expectConnected(serve);

                connect.terminate();
                serve.out.expect("Client says: BYE", "Closing connection");

                Outcome client = connect.awaitExit();
                LaunchedApp.assertQuietSuccess(client);
                assertEquals(List.of(), connect.out.unread(), client::toString);
            }
            LaunchedApp.assertQuietSuccess(serve.awaitExit());
        }
    }

    @Test
    void clientReportsAServerStoppedBySigterm() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (LaunchedApp connect = LaunchedApp.start("connect", "--port", String.valueOf(port))) {
                connect.out.expect("Connected to the server.");
                expectConnected(serve);

                serve.terminate();
                connect.out.expect("Server says: " + ChatServer.FAREWELL, "Server closed the connection.");

                Outcome client = connect.awaitExit();
                LaunchedApp.assertQuietSuccess(client);
                assertEquals(List.of(), connect.out.unread(), client::toString);
            }
            LaunchedApp.assertQuietSuccess(serve.awaitExit());
        }
    }

    @Test
    void clientReportsAServerKilledOutright() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (LaunchedApp connect = LaunchedApp.start("connect", "--port", String.valueOf(port))) {
                connect.out.expect("Connected to the server.");
                expectConnected(serve);

                serve.kill(); // the kernel closes its socket: the client sees an orderly end
                connect.out.expect("Server closed the connection.");

                Outcome client = connect.awaitExit();
                LaunchedApp.assertQuietSuccess(client);
                assertEquals(List.of(), connect.out.unread(), client::toString);
            }
            assertEquals(137, serve.awaitExit().exitCode());
        }
    }

    private static void expectConnected(LaunchedApp serve) throws InterruptedException {
        String line = serve.out.next();
        assertTrue(line.matches(CONNECTED_FROM_LOOPBACK), () -> "not a connection from loopback: [" + line + "]");
    }
}
