package dev.linechat.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.linechat.ChatClient;
import dev.linechat.ChatServer;
import dev.linechat.LineInbox;
import dev.linechat.ServerMode;
import dev.linechat.testing.ChatThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedClientIT {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void leavesNoThreads() throws InterruptedException {
        ChatThreads.assertNoneAlive(ChatThreads.CHAT);
    }

    @Test
    void goesThroughItsScriptInARoom() {
        LineInbox observer = new LineInbox();
        try (ChatServer room = ChatServer.builder().port(0).mode(ServerMode.ROOM).start();
                ChatClient watching = ChatClient.builder().port(room.port()).listener(observer).connect()) {
            observer.await(line -> line.startsWith("* welcome, user1"), WAIT);

            assertThat(run("127.0.0.1", Integer.toString(room.port()), "robot")).isZero();

            assertThat(lines(out)).hasSize(11).satisfiesExactly(
                    line -> assertThat(line).isEqualTo("< * welcome, user2; /help lists the commands"),
                    line -> assertThat(line).isEqualTo("> /nick robot"),
                    line -> assertThat(line).isEqualTo("< * user2 is now known as robot"),
                    line -> assertThat(line).isEqualTo("> /who"),
                    line -> assertThat(line).matches("< \\* 2 members: user1 \\(127\\.0\\.0\\.1:\\d+\\), robot \\(127\\.0\\.0\\.1:\\d+\\)"),
                    line -> assertThat(line).isEqualTo("> /msg robot are you there?"),
                    line -> assertThat(line).isEqualTo("< *robot* are you there?"),
                    line -> assertThat(line).isEqualTo("> Hello, room! I am a script."),
                    line -> assertThat(line).isEqualTo("> BYE"),
                    line -> assertThat(line).isEqualTo("closed: BYE_SENT"),
                    line -> assertThat(line).isEmpty());
            assertThat(err.toString(UTF_8)).isEmpty();

            // What the room saw of it: no whisper, the greeting, the departure.
            assertThat(observer.next(WAIT)).isEqualTo("* user2 joined");
            assertThat(observer.next(WAIT)).isEqualTo("* user2 is now known as robot");
            assertThat(observer.next(WAIT)).isEqualTo("<robot> Hello, room! I am a script.");
            assertThat(observer.next(WAIT)).isEqualTo("* robot left");
        }
    }

    @Test
    void failsWithOneLineWhenNobodyListens() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        assertThat(run("127.0.0.1", Integer.toString(port))).isEqualTo(1);

        assertThat(out.toString(UTF_8)).isEmpty();
        assertThat(lines(err)).containsExactly(
                "ScriptedClient: cannot connect to 127.0.0.1:" + port + ": Connection refused", "");
    }

    @Test
    void failsWithOneLineWhenTheRoomRefusesItsName() {
        LineInbox observer = new LineInbox();
        try (ChatServer room = ChatServer.builder().port(0).mode(ServerMode.ROOM).start();
                ChatClient watching = ChatClient.builder().port(room.port()).listener(observer).connect()) {
            watching.send("/nick robot");
            observer.await(line -> line.endsWith(" is now known as robot"), WAIT);

            assertThat(run("127.0.0.1", Integer.toString(room.port()), "ROBOT")).isEqualTo(1);

            assertThat(lines(err)).containsExactly(
                    "ScriptedClient: the room answered /nick ROBOT with ERROR the name ROBOT is taken", "");
        }
    }

    @Test
    void failsWithOneLineWhenTheServerIsNoRoom() {
        try (ChatServer echo = EchoBot.start(0)) {
            assertThat(run("127.0.0.1", Integer.toString(echo.port()))).isEqualTo(1);

            assertThat(lines(err)).containsExactly("ScriptedClient: no welcome (is it a room?):"
                    + " the line awaited did not arrive within 5 s", "");
        }
    }

    @Test
    void refusesAPortThatIsNoNumber() {
        assertThat(run("127.0.0.1", "fifty")).isEqualTo(2);
        assertThat(lines(err)).containsExactly("ScriptedClient: not a port: fifty",
                "usage: ScriptedClient [HOST [PORT [NAME]]]", "");
    }

    private int run(String... args) {
        return ScriptedClient.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    }

    /** The printed lines, whatever the platform's line separator; the last is empty after a final one. */
    private static List<String> lines(ByteArrayOutputStream printed) {
        return List.of(printed.toString(UTF_8).split("\\R", -1));
    }
}
