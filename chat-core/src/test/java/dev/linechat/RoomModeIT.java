package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.internal.Room;
import dev.linechat.testing.ChatThreads;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // a connection can matter just by being open
class RoomModeIT {

    private final BlockingQueue<String> display = new LinkedBlockingQueue<>();

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    private ChatServer start() {
        return ChatServer.builder().port(0).mode(ServerMode.ROOM).operator(display::add).start();
    }

    /** Connects a client and waits until it is welcomed under {@code name} and announced to {@code present}. */
    private static ChatClient join(ChatServer server, LineQueue lines, String name, LineQueue... present)
            throws InterruptedException {
        ChatClient client = ChatClient.builder().port(server.port()).listener(lines).connect();
        try {
            assertEquals("* welcome, " + name + "; /help lists the commands", lines.next());
            for (LineQueue other : present) {
                assertEquals("* " + name + " joined", other.next());
            }
            return client;
        } catch (AssertionError | InterruptedException e) {
            client.close(); // not yet a resource of the test's try block
            throw e;
        }
    }

    private String nextShown() throws InterruptedException {
        String line = display.poll(5, SECONDS);
        assertThat(line).as("operator display within 5 seconds").isNotNull();
        return line;
    }

    @Test
    void announcesArrivalsAndDeparturesToTheOthersAndTheOperator() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        try (ChatServer server = start();
                ChatClient first = join(server, one, "user1");
                ChatClient second = join(server, two, "user2", one)) {
            try (ChatClient third = join(server, three, "user3", one, two)) {
                assertEquals(List.of("* user1 joined", "* user2 joined", "* user3 joined"),
                        List.of(nextShown(), nextShown(), nextShown()));
                second.close();
                assertEquals("* user2 left", one.next());
                assertEquals("* user2 left", three.next());
                assertEquals("* user2 left", nextShown());
                third.send("BYE");
                assertEquals("* user3 left", one.next());
                assertEquals("* user3 left", nextShown());
                assertEquals(CloseReason.BYE_SENT, third.closeFuture().get(5, SECONDS));
            }
            first.send("anyone?");
            assertEquals("<user1> anyone?", nextShown());
            assertEquals(List.of(), one.rest());
            assertEquals(List.of(), two.rest());
            assertEquals(List.of(), three.rest());
        }
    }

    @Test
    void relaysEachLineToEveryoneElseUnderTheSendersName() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        try (ChatServer server = start();
                ChatClient first = join(server, one, "user1");
                ChatClient second = join(server, two, "user2", one);
                ChatClient third = join(server, three, "user3", one, two)) {
            first.send("héllo wörld 😀");
            assertEquals("<user1> héllo wörld 😀", two.next());
            assertEquals("<user1> héllo wörld 😀", three.next());
            second.send("");
            assertEquals("<user2> ", one.next());
            assertEquals("<user2> ", three.next());
            third.send("//slash");
            assertEquals("<user3> /slash", one.next());
            assertEquals("<user3> /slash", two.next());
            assertEquals(List.of(), one.rest());
            assertEquals(List.of(), two.rest());
            assertEquals(List.of(), three.rest());
        }
    }

    @Test
    void renamesRefusesTakenNamesAndListsTheMembers() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        try (ChatServer server = start();
                ChatClient first = join(server, one, "user1");
                ChatClient second = join(server, two, "user2", one);
                ChatClient third = join(server, three, "user3", one, two)) {
            first.send("/nick Alice");
            for (LineQueue everyone : List.of(one, two, three)) {
                assertEquals("* user1 is now known as Alice", everyone.next());
            }
            second.send("/nick alice");
            assertEquals("ERROR the name alice is taken", two.next());
            second.send("/nick SERVER");
            assertEquals("ERROR the name SERVER is taken", two.next());
            second.send("/nick bad name");
            assertThat(two.next()).startsWith("ERROR a name cannot contain spaces");
            second.send("/nick bob");
            for (LineQueue everyone : List.of(one, two, three)) {
                assertEquals("* user2 is now known as bob", everyone.next());
            }
            third.send("/who");
            assertEquals("* 3 members: Alice (" + LineQueue.localAddressOf(first) + "), bob ("
                    + LineQueue.localAddressOf(second) + "), user3 (" + LineQueue.localAddressOf(third) + ")",
                    three.next());
            third.send("/dance");
            assertEquals("ERROR unknown command /dance; /help lists the commands", three.next());
            third.send("/help");
            assertEquals(Room.HELP, three.next());
            first.send("done");
            assertEquals("<Alice> done", two.next());
            assertEquals("<Alice> done", three.next());
            assertEquals(List.of(), one.rest());
        }
    }

    @Test
    void deliversPrivateLinesToTheNamedMemberOnly() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        try (ChatServer server = start();
                ChatClient first = join(server, one, "user1");
                ChatClient second = join(server, two, "user2", one);
                ChatClient third = join(server, three, "user3", one, two)) {
            first.send("/msg USER3 just between us");
            first.send("/msg nobody hello?");
            first.send("/msg user3");
            first.send("public again");
            assertEquals("*user1* just between us", three.next());
            assertEquals("<user1> public again", three.next());
            assertEquals("<user1> public again", two.next());
            assertEquals("ERROR no member is named nobody", one.next());
            assertEquals("ERROR usage: /msg NAME TEXT", one.next());
            assertEquals(List.of(), one.rest());
            assertEquals(List.of(), two.rest());
            assertThat(display).noneMatch(line -> line.contains("between us"));
        }
    }

    @Test
    void keepsEachSendersLinesInOrderForEveryReceiver() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        LineQueue listener = new LineQueue();
        try (ChatServer server = start();
                ChatClient first = join(server, one, "user1");
                ChatClient second = join(server, two, "user2", one);
                ChatClient third = join(server, three, "user3", one, two);
                ChatClient silent = join(server, listener, "user4", one, two, three)) {
            NumberedLines.sendConcurrently(List.of(first, second, third), 200);
            Pattern shape = Pattern.compile("<(user\\d)> (\\d+)");
            NumberedLines.assertEachSenderInOrder(one, shape, List.of("user2", "user3"), 200);
            NumberedLines.assertEachSenderInOrder(two, shape, List.of("user1", "user3"), 200);
            NumberedLines.assertEachSenderInOrder(three, shape, List.of("user1", "user2"), 200);
            NumberedLines.assertEachSenderInOrder(listener, shape, List.of("user1", "user2", "user3"), 200);
            silent.send("that was a lot");
            assertEquals("<user4> that was a lot", one.next());
        }
    }

    @Test
    void operatorSpeaksToEveryoneAsTheServerAndAsksWhoIsThere() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        try (ChatServer server = start();
                ChatClient first = join(server, one, "user1");
                ChatClient second = join(server, two, "user2", one)) {
            assertEquals("* user1 joined", nextShown());
            assertEquals("* user2 joined", nextShown());
            server.operatorSays("welcome, both of you");
            assertEquals("<server> welcome, both of you", one.next());
            assertEquals("<server> welcome, both of you", two.next());
            assertEquals("<server> welcome, both of you", nextShown());
            server.operatorSays("/who");
            assertEquals("* 2 members: user1 (" + LineQueue.localAddressOf(first) + "), user2 ("
                    + LineQueue.localAddressOf(second) + ")", nextShown());
            second.send("thanks");
            assertEquals("<user2> thanks", one.next()); // and not the operator's /who
            assertEquals("<user2> thanks", nextShown());
        }
    }

    @Test
    void neverReusesANumberForAnotherClient() throws Exception {
        LineQueue staying = new LineQueue();
        try (ChatServer server = start(); ChatClient first = join(server, staying, "user1")) {
            for (int n = 2; n <= 4; n++) {
                LineQueue passing = new LineQueue();
                try (ChatClient visitor = join(server, passing, "user" + n, staying)) {
                    visitor.send("hi from " + n);
                    assertEquals("<user" + n + "> hi from " + n, staying.next());
                }
                assertEquals("* user" + n + " left", staying.next());
            }
            first.send("/who");
            assertEquals("* 1 member: user1 (" + LineQueue.localAddressOf(first) + ")", staying.next());
        }
    }

    @Test
    void halfClosingClientIsHeardAndLeaves() throws Exception {
        LineQueue one = new LineQueue();
        try (ChatServer server = start(); ChatClient first = join(server, one, "user1")) {
            try (Socket raw = new Socket("127.0.0.1", server.port())) {
                raw.setSoTimeout(5000);
                OutputStream out = raw.getOutputStream();
                out.write("hi\nBYE".getBytes(UTF_8)); // printf 'hi\nBYE' | nc -N
                out.flush();
                raw.shutdownOutput();
                assertEquals("* welcome, user2; /help lists the commands\n",
                        new String(raw.getInputStream().readAllBytes(), UTF_8));
            }
            assertEquals("* user2 joined", one.next());
            assertEquals("<user2> hi", one.next());
            assertEquals("* user2 left", one.next());
        }
    }

    @Test
    void farewellReachesEveryClient() throws Exception {
        List<LineQueue> queues = List.of(new LineQueue(), new LineQueue(), new LineQueue(), new LineQueue());
        List<ChatClient> clients = new ArrayList<>();
        ChatServer server = start();
        try {
            for (int i = 0; i < queues.size(); i++) {
                clients.add(join(server, queues.get(i), "user" + (i + 1), queues.subList(0, i).toArray(LineQueue[]::new)));
            }
            server.close();
            for (int i = 0; i < clients.size(); i++) {
                assertEquals(CloseReason.PEER_CLOSED, clients.get(i).closeFuture().get(5, SECONDS));
                // The others' departures may come before or, as ChatServer.close() stands, after it.
                assertThat(queues.get(i).rest()).as("lines of client %d", i + 1)
                        .containsOnlyOnce(ChatServer.FAREWELL)
                        .allMatch(line -> line.equals(ChatServer.FAREWELL) || line.matches("\\* user\\d left"));
            }
        } finally {
            clients.forEach(ChatClient::close);
            server.close();
        }
    }
}
