package dev.linechat.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.ChatVersion;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.PrintedLines;
import dev.linechat.testing.RunningCommand;
import dev.linechat.testing.SocketPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(PrintedLines.LINE_TIMEOUT_SECONDS);
    private static final String BUSY = "ERROR server busy: another conversation is in progress; try again later";

    @Test
    void helpDescribesEveryOption() {
        Outcome help = RunningCommand.run(Main::run, "serve", "--help");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: chat serve"), help::toString);
        for (String option : List.of("--host", "--port", "--once", "--max-line", "--max-clients", "--idle-timeout",
                "--allow", "--deny", "--version")) {
            assertTrue(help.out().contains(option), () -> option + " is not described:\n" + help);
        }
        assertEquals("", help.err(), help::toString);
    }

    @Test
    void helpOfChatOffersServe() {
        Outcome help = RunningCommand.run(Main::run, "--help");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: chat"), help::toString);
        assertTrue(help.out().contains("serve"), help::toString);
    }

    @Test
    void versionIsTheOneRecordedAtBuildTime() {
        assertTrue(ChatVersion.get().matches("\\d+\\.\\d+\\.\\d+\\S*"), () -> "not filtered: " + ChatVersion.get());
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"serve", "--version"})) {
            Outcome version = RunningCommand.run(Main::run, args);

            assertEquals(0, version.exitCode(), version::toString);
            assertEquals("chat " + ChatVersion.get(), version.out().strip(), version::toString);
            assertEquals("", version.err(), version::toString);
        }
    }

    @Test
    void unknownOptionIsAUsageErrorThatNamesIt() {
        Outcome unknown = RunningCommand.run(Main::run, "serve", "--nope");

        unknown.assertUsageError("--nope");
    }

    @Test
    void portAbove65535IsAUsageError() {
        Outcome outOfRange = RunningCommand.run(Main::run, "serve", "--port", "70000");

        outOfRange.assertUsageError("--port must be between 0 and 65535, not 70000");
    }

    @Test
    void maxLineOfZeroIsAUsageError() {
        Outcome zero = RunningCommand.run(Main::run, "serve", "--port", "0", "--max-line", "0");

        zero.assertUsageError("--max-line must be positive, not 0");
    }

    @Test
    void roomWithRawFramingIsAUsageError() {
        Outcome raw = RunningCommand.run(Main::run, "serve", "--port", "0", "--mode", "room", "--framing", "raw");

        raw.assertUsageError("--mode room needs --framing line");
    }

    @Test
    void maxClientsOfZeroIsAUsageError() {
        Outcome zero = RunningCommand.run(Main::run, "serve", "--port", "0", "--max-clients", "0");

        zero.assertUsageError("--max-clients must be positive, not 0");
    }

    @Test
    void onceWithMaxClientsIsAUsageError() {
        Outcome both = RunningCommand.run(Main::run, "serve", "--port", "0", "--once", "--max-clients", "3");

        both.assertUsageError("--once serves one client: leave out --max-clients");
    }

    @Test
    void idleTimeoutWithoutAUnitIsAUsageError() {
        for (String bad : List.of("30", "5 minutes", "-1s", "1.5s")) {
            Outcome wrong = RunningCommand.run(Main::run, "serve", "--port", "0", "--idle-timeout", bad);

            assertEquals(2, wrong.exitCode(), wrong::toString);
            assertTrue(wrong.err().contains("--idle-timeout"), wrong::toString);
            assertTrue(wrong.err().contains("not a duration: '" + bad + "'"), wrong::toString);
            assertEquals("", wrong.out(), wrong::toString);
        }
    }

    @Test
    void addressBlockThatIsNoBlockIsAUsageError() {
        Outcome allow = RunningCommand.run(Main::run, "serve", "--port", "0", "--allow", "10.0.0/8");
        assertEquals(2, allow.exitCode(), allow::toString);
        assertTrue(allow.err().contains("--allow: not an IP address block: '10.0.0/8'"), allow::toString);

        Outcome deny = RunningCommand.run(Main::run, "serve", "--port", "0", "--deny", "::1/200");
        assertEquals(2, deny.exitCode(), deny::toString);
        assertTrue(deny.err().contains("--deny: bad prefix length in '::1/200'"), deny::toString);
    }

    @Test
    void deniedClientIsRefusedWithOneErrorLineAndTheOperatorSeesNothing() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0", "--deny", "127.0.0.0/8",
                "--allow", "::1")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer refused = SocketPeer.connect(port, "\n")) {
                refused.expect("ERROR refused: connections from 127.0.0.1 are not allowed");
                refused.expectClosed();
            }
            assertEquals(List.of(), serve.out.unread());
            assertTrue(serve.isRunning(), serve.out::text);
            assertEquals("", serve.err());
        }
    }

    @Test
    void clientOverTheLimitIsToldTheServerIsFullWhileTheOthersChatOn() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0", "--max-clients", "2")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer first = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + first.localPort());
                try (SocketPeer second = SocketPeer.connect(port, "\n")) {
                    serve.out.expect("Client #2 (127.0.0.1:" + second.localPort() + ") connected");
                    try (SocketPeer third = SocketPeer.connect(port, "\n")) {
                        third.expect("ERROR server full: 2 clients are connected; try again later");
                        third.expectClosed();
                    }
                    second.send("still here");
                    serve.out.expect("Client #2 (127.0.0.1:" + second.localPort() + ") says: still here");
                    serve.stdin.type("@1 and you?");
                    first.expect("and you?");
                }
            }
            assertTrue(serve.isRunning(), serve.out::text);
            assertEquals("", serve.err());
        }
    }

    @Test
    void missingSubcommandIsAUsageError() {
        Outcome none = RunningCommand.run(Main::run);

        none.assertUsageError("Missing command");
    }

    @Test
    void portInUseFailsWithOneLineAndNoStackTrace() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Outcome inUse = RunningCommand.run(Main::run, "serve", "--port", String.valueOf(taken.getLocalPort()));

            assertEquals(1, inUse.exitCode(), inUse::toString);
            assertEquals(1, inUse.err().lines().count(), inUse::toString);
            assertTrue(inUse.err().startsWith("chat serve: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    inUse::toString);
            assertFalse(inUse.err().contains("\tat "), inUse::toString);
            assertFalse(inUse.err().contains("Exception"), inUse::toString);
            assertEquals("", inUse.out(), inUse::toString);
        }
    }

    @Test
    void unknownHostFailsWithOneLine() {
        Outcome unknown = RunningCommand.run(Main::run, "serve", "--host", "no-such-host.invalid", "--port", "0");

        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertEquals("chat serve: cannot listen on no-such-host.invalid:0: unknown host", unknown.err().strip(),
                unknown::toString);
        assertEquals("", unknown.out(), unknown::toString);
    }

    @Test
    void holdsTheLabConversationAndExitsAfterByeWithOnce() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer client = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + client.localPort());

                client.send("Hello? Are you there?");
                serve.out.expect("Client says: Hello? Are you there?");
                serve.stdin.type("Yes? Whats the big idea?");
                client.expect("Yes? Whats the big idea?");
                client.send("Nothing");
                serve.out.expect("Client says: Nothing");
                serve.stdin.type("Stop wasting my time");
                client.expect("Stop wasting my time");
                client.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
                client.expectClosed();
            }
            Outcome outcome = serve.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), serve.out.unread(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void operatorSayingByeEndsTheConversation() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer client = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + client.localPort());

                serve.stdin.type("BYE");
                client.expect("BYE");
                client.hangUp(); // how a client answers BYE
                serve.out.expect("Closing connection");
            }
            Outcome outcome = serve.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), serve.out.unread(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void linesTypedBeforeAClientConnectsAreDeliveredWhenItDoes() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            serve.stdin.type("Anyone there?");
            serve.stdin.type("Ça coûte 5 €");
            serve.stdin.end(); // a piped script has said all it had to say: the server listens on
            serve.stdin.awaitTaken(TIMEOUT);

            try (SocketPeer client = SocketPeer.connect(port, "\n")) {
                client.expect("Anyone there?", "Ça coûte 5 €");
                serve.out.expect("Client connected from 127.0.0.1:" + client.localPort());
                client.send("Yes, here");
                serve.out.expect("Client says: Yes, here");
                client.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
                client.expectClosed();
            }
            Outcome outcome = serve.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), serve.out.unread(), outcome::toString);
        }
    }

    @Test
    void secondClientIsToldTheServerIsBusyWhileTheFirstChatsOn() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer first = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + first.localPort());

                try (SocketPeer second = SocketPeer.connect(port, "\n")) {
                    second.expect(BUSY);
                    second.expectClosed();
                }

                first.send("Still there?");
                serve.out.expect("Client says: Still there?");
                serve.stdin.type("Still here");
                first.expect("Still here");
                first.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
                first.expectClosed();
            }
            Outcome outcome = serve.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(List.of(), serve.out.unread(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    @Test
    void keepsListeningAfterByeWithoutOnce() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer first = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + first.localPort());
                first.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection", "Waiting for a client...");
                first.expectClosed();
            }
            try (SocketPeer second = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + second.localPort());
                second.send("Me again");
                serve.out.expect("Client says: Me again");
                serve.stdin.type("Hello again");
                second.expect("Hello again");
            }
            serve.out.expect("Client disconnected", "Waiting for a client...");
            assertTrue(serve.isRunning(), serve.out::text);
            assertEquals("", serve.err());
        }
    }

    @Test
    void endOfInputWithPromptsLeavesTheServerServing() throws Exception {
        try (RunningCommand serve = RunningCommand.start(Main::run, true, "serve", "--port", "0", "--once")) {
            int port = serve.out.expectServerStarted();
            serve.stdin.end();
            serve.stdin.awaitTaken(TIMEOUT);

            try (SocketPeer client = SocketPeer.connect(port, "\n")) {
                assertEquals("Client connected from 127.0.0.1:" + client.localPort(), nextShown(serve.out));
                client.send("Hello? Are you there?");
                assertEquals("Client says: Hello? Are you there?", nextShown(serve.out));
                client.send("BYE");
                assertEquals("Client says: BYE", nextShown(serve.out));
                assertEquals("Closing connection", nextShown(serve.out));
                client.expectClosed();
            }
            Outcome outcome = serve.awaitExit();
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals("", outcome.err(), outcome::toString);
        }
    }

    /** Waits for the next line shown, without the prompts and "clear this line" a terminal would get. */
    private static String nextShown(PrintedLines out) throws InterruptedException {
        String line;
        do {
            line = withoutPrompts(out.next());
        } while (line.isBlank());
        return line;
    }

    /** Removes what a terminal would show around the lines: prompts and "clear this line". */
    private static String withoutPrompts(String line) {
        return line.replace("Server: ", "").replace("\r\u001b[K", "");
    }
}
