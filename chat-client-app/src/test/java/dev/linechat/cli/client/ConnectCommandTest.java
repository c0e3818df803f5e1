package dev.linechat.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.ChatVersion;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.RunningCommand;
import dev.linechat.testing.SocketPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectCommandTest {

    @Test
    void helpDescribesEveryOption() {
        Outcome help = RunningCommand.run(Main::run, "connect", "--help");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: chat connect"), help::toString);
        for (String option : List.of("--host", "--port", "--max-line", "--version")) {
            assertTrue(help.out().contains(option), () -> option + " is not described:\n" + help);
        }
        assertEquals("", help.err(), help::toString);
    }

    @Test
    void helpOfChatOffersConnect() {
        Outcome help = RunningCommand.run(Main::run, "--help");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: chat"), help::toString);
        assertTrue(help.out().contains("connect"), help::toString);
    }

    @Test
    void versionIsTheOneRecordedAtBuildTime() {
        assertTrue(ChatVersion.get().matches("\\d+\\.\\d+\\.\\d+\\S*"), () -> "not filtered: " + ChatVersion.get());
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"connect", "--version"})) {
            Outcome version = RunningCommand.run(Main::run, args);

            assertEquals(0, version.exitCode(), version::toString);
            assertEquals("chat " + ChatVersion.get(), version.out().strip(), version::toString);
            assertEquals("", version.err(), version::toString);
        }
    }

    @Test
    void unknownOptionIsAUsageErrorThatNamesIt() {
        Outcome unknown = RunningCommand.run(Main::run, "connect", "--nope");

        unknown.assertUsageError("--nope");
    }

    @Test
    void portAbove65535IsAUsageError() {
        Outcome outOfRange = RunningCommand.run(Main::run, "connect", "--port", "70000");

        outOfRange.assertUsageError("--port must be between 1 and 65535, not 70000");
    }

    @Test
    void portZeroIsAUsageError() {
        Outcome zero = RunningCommand.run(Main::run, "connect", "--port", "0");

        assertEquals(2, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--port must be between 1 and 65535, not 0"), zero::toString);
    }

    @Test
    void maxLineOfZeroIsAUsageError() {
        Outcome zero = RunningCommand.run(Main::run, "connect", "--max-line", "0");

        zero.assertUsageError("--max-line must be positive, not 0");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        Outcome none = RunningCommand.run(Main::run);

        none.assertUsageError("Missing command");
    }

    @Test
    void closedPortFailsWithOneLineAndNoStackTrace() throws IOException {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = probe.getLocalPort(); // free a moment ago, and nobody listens on it now
        }
        Outcome refused = RunningCommand.run(Main::run, "connect", "--port", String.valueOf(closed));

        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals(1, refused.err().lines().count(), refused::toString);
        assertEquals("chat connect: cannot connect to 127.0.0.1:" + closed + ": Connection refused",
                refused.err().strip(), refused::toString);
        assertFalse(refused.err().contains("\tat "), refused::toString);
        assertEquals("", refused.out(), refused::toString);
    }

    @Test
    void unknownHostFailsWithOneLine() {
        Outcome unknown = RunningCommand.run(Main::run, "connect", "--host", "no-such-host.invalid", "--port", "5000");

        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertEquals("chat connect: cannot connect to no-such-host.invalid:5000: unknown host", unknown.err().strip(),
                unknown::toString);
        assertEquals("", unknown.out(), unknown::toString);
    }

    @Test
    void holdsTheLabConversationUntilTheServerCloses() throws Exception {
        try (ServerSocket listening = loopbackServer();
             RunningCommand connect = RunningCommand.start(Main::run, "connect", "--port", port(listening));
             SocketPeer server = SocketPeer.accept(listening, "\n")) {
            connect.out.expect("Connected to the server.");

            connect.stdin.type("Hello? Are you there?");
            server.expect("Hello? Are you there?");
            server.send("Yes? Whats the big idea?");
            connect.out.expect("Server says: Yes? Whats the big idea?");
            connect.stdin.type("Ça coûte 5 €");
            server.expect("Ça coûte 5 €");
            server.send("Stop wasting my time, é €");
            connect.out.expect("Server says: Stop wasting my time, é €");
            server.hangUp();

            connect.out.expect("Server closed the connection.");
            Outcome outcome = connect.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), connect.out.unread(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void endOfInputSaysByeAndExits() throws Exception {
        try (ServerSocket listening = loopbackServer();
             RunningCommand connect = RunningCommand.start(Main::run, "connect", "--port", port(listening));
             SocketPeer server = SocketPeer.accept(listening, "\n")) {
            connect.out.expect("Connected to the server.");

            connect.stdin.type("Nothing");
            connect.stdin.end();
            server.expect("Nothing", "BYE");
            server.hangUp(); // how a server answers BYE

            Outcome outcome = connect.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), connect.out.unread(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void aScriptPipedInIsSentWhole() throws Exception {
        try (ServerSocket listening = loopbackServer();
             RunningCommand connect = RunningCommand.start(Main::run, "connect", "--port", port(listening))) {
            connect.stdin.type("Hello? Are you there?"); // all there before the connection is
            connect.stdin.type("Nothing");
            connect.stdin.end();

            try (SocketPeer server = SocketPeer.accept(listening, "\n")) {
                server.expect("Hello? Are you there?", "Nothing", "BYE");
                server.hangUp();
            }
            Outcome outcome = connect.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of("Connected to the server."), connect.out.unread(), outcome::toString);
        }
    }

    @Test
    void typingByeEndsTheConversationEvenIfTheServerNeverHangsUp() throws Exception {
        try (ServerSocket listening = loopbackServer();
             RunningCommand connect = RunningCommand.start(Main::run, "connect", "--port", port(listening));
             SocketPeer server = SocketPeer.accept(listening, "\n")) {
            connect.out.expect("Connected to the server.");

            connect.stdin.type("BYE");
            server.expect("BYE");
            server.expectClosed(); // the client waits a moment for the server to hang up, then does

            Outcome outcome = connect.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), connect.out.unread(), outcome::toString);
        }
    }

    @Test
    void serverSayingByeEndsTheConversation() throws Exception {
        try (ServerSocket listening = loopbackServer();
             RunningCommand connect = RunningCommand.start(Main::run, "connect", "--port", port(listening));
             SocketPeer server = SocketPeer.accept(listening, "\n")) {
            connect.out.expect("Connected to the server.");

            server.send("BYE");
            connect.out.expect("Server said BYE: connection closed.");
            server.expectClosed();

            Outcome outcome = connect.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), connect.out.unread(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void serverLinesAreShownWhileTheUserIsSilent() throws Exception {
        try (ServerSocket listening = loopbackServer();
             RunningCommand connect = RunningCommand.start(Main::run, "connect", "--port", port(listening));
             SocketPeer server = SocketPeer.accept(listening, "\r\n")) {
            connect.out.expect("Connected to the server.");

            server.send("Anyone there?");
            server.send("Hello?");
            connect.out.expect("Server says: Anyone there?", "Server says: Hello?");
            connect.stdin.type("Yes");
            server.expect("Yes");
            server.hangUp();

            connect.out.expect("Server closed the connection.");
            Outcome outcome = connect.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void overlongLineFromTheServerIsDiscardedReportedAndAnsweredAndTheNextArrives() throws Exception {
        try (ServerSocket listening = loopbackServer();
             RunningCommand connect = RunningCommand.start(Main::run, "connect", "--port", port(listening), "--max-line", "100");
             SocketPeer server = SocketPeer.accept(listening, "\n")) {
            connect.out.expect("Connected to the server.");

            server.send("x".repeat(101));
            server.send("next");
            connect.out.expect("Server says: next");
            server.expect("ERROR line too long: the limit is 100 bytes; the line was discarded");
            server.hangUp();

            connect.out.expect("Server closed the connection.");
            Outcome outcome = connect.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), connect.out.unread(), outcome::toString);
            assertEquals("chat connect: discarded a line of more than 100 bytes from the server; the server was told",
                    outcome.err().strip(), outcome::toString);
        }
    }

    private static ServerSocket loopbackServer() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    private static String port(ServerSocket server) {
        return String.valueOf(server.getLocalPort());
    }
}
