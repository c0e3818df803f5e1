package dev.linechat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.testing.ChatThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // a connection can matter just by being open
class ConsoleModeIT {

    private final BlockingQueue<String> display = new LinkedBlockingQueue<>();

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    private ChatServer start() {
        return ChatServer.builder().port(0).mode(ServerMode.CONSOLE).operator(display::add).start();
    }

    private static ChatClient connect(ChatServer server, ChatListener listener) {
        return ChatClient.builder().port(server.port()).listener(listener).connect();
    }

    private String nextShown() throws InterruptedException {
        String line = display.poll(5, SECONDS);
        assertThat(line).as("operator display within 5 seconds").isNotNull();
        return line;
    }

    private List<String> nextShown(int count) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(nextShown());
        }
        return lines;
    }

    @Test
    void showsTheLabsTranscriptForASingleClient() throws Exception {
        LineQueue lines = new LineQueue();
        try (ChatServer server = start(); ChatClient client = connect(server, lines)) {
            String from = LineQueue.localAddressOf(client);
            assertEquals("Client connected from " + from, nextShown());
            client.send("Hello? Are you there?");
            assertEquals("Client says: Hello? Are you there?", nextShown());
            server.operatorSays("Yes, I am.");
            assertEquals("Yes, I am.", lines.next());
            client.send("BYE");
            assertEquals(CloseReason.BYE_SENT, client.closeFuture().get(5, SECONDS));
            assertEquals(List.of("Client says: BYE", "Closing connection"), nextShown(2));
        }
        assertEquals(List.of(), List.copyOf(display));
    }

    @Test
    void namesEachClientAndAnswersOneOrEveryone() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        try (ChatServer server = start(); ChatClient first = connect(server, one)) {
            assertEquals("Client connected from " + LineQueue.localAddressOf(first), nextShown());
            try (ChatClient second = connect(server, two)) {
                String label2 = "#2 (" + LineQueue.localAddressOf(second) + ")";
                assertEquals("Client " + label2 + " connected", nextShown()); // before the next client is numbered
                try (ChatClient third = connect(server, three)) {
                    String label3 = "#3 (" + LineQueue.localAddressOf(third) + ")";
                    assertEquals("Client " + label3 + " connected", nextShown());
                    second.send("two here");
                    assertEquals("Client " + label2 + " says: two here", nextShown());
                    third.send("three here");
                    assertEquals("Client " + label3 + " says: three here", nextShown());

                    server.operatorSays("@2 just for you");
                    server.operatorSays("for everyone");
                    assertEquals("just for you", two.next());
                    for (LineQueue everyone : List.of(one, two, three)) {
                        assertEquals("for everyone", everyone.next());
                    }
                    server.operatorSays("@9 nobody");
                    assertEquals("(no client #9 is connected)", nextShown());

                    third.send("BYE");
                    assertEquals(List.of("Client " + label3 + " says: BYE", "Closing connection with client #3"),
                            nextShown(2));
                }
                second.close();
                assertEquals("Client " + label2 + " disconnected", nextShown());
            }
            first.send("alone again");
            assertEquals("Client says: alone again", nextShown());
            assertEquals(List.of(), one.rest());
        }
    }

    @Test
    void holdsLinesTypedWhileNobodyIsConnectedForTheNextClient() throws Exception {
        LineQueue lines = new LineQueue();
        try (ChatServer server = start()) {
            server.operatorSays("typed early");
            server.operatorSays("");
            server.operatorSays("and more");
            try (ChatClient client = connect(server, lines)) {
                assertEquals("typed early", lines.next());
                assertEquals("", lines.next());
                assertEquals("and more", lines.next());
                assertEquals("Client connected from " + LineQueue.localAddressOf(client), nextShown());
                server.operatorSays("now live");
                assertEquals("now live", lines.next());
            }
            assertEquals("Client disconnected", nextShown());
            LineQueue next = new LineQueue();
            try (ChatClient late = connect(server, next)) {
                assertEquals("Client connected from " + LineQueue.localAddressOf(late), nextShown());
                server.operatorSays("fresh");
                assertEquals("fresh", next.next()); // the held lines went to the first client only
            }
            assertEquals("Client disconnected", nextShown());
        }
    }

    @Test
    void showsEachClientsLinesInOrder() throws Exception {
        try (ChatServer server = start();
                ChatClient first = connect(server, ChatListener.NONE);
                ChatClient second = connect(server, ChatListener.NONE);
                ChatClient third = connect(server, ChatListener.NONE)) {
            List<ChatClient> clients = List.of(first, second, third);
            assertThat(nextShown(3)).hasSize(3);
            LineQueue shown = new LineQueue();
            NumberedLines.sendConcurrently(clients, 200);
            for (int i = 0; i < 600; i++) {
                shown.onLine(null, nextShown());
            }
            NumberedLines.assertEachSenderInOrder(shown, Pattern.compile("Client (#\\d) \\(.*\\) says: (\\d+)"),
                    List.of("#1", "#2", "#3"), 200);
        }
    }

    @Test
    void neverReusesANumberForAnotherClient() throws Exception {
        try (ChatServer server = start(); ChatClient first = connect(server, ChatListener.NONE)) {
            nextShown();
            for (int id = 2; id <= 4; id++) {
                String label;
                try (ChatClient visitor = connect(server, ChatListener.NONE)) {
                    label = "#" + id + " (" + LineQueue.localAddressOf(visitor) + ")";
                    assertEquals("Client " + label + " connected", nextShown());
                }
                assertEquals("Client " + label + " disconnected", nextShown());
            }
        }
    }

    @Test
    void farewellIsTheLastLineEveryClientReceives() throws Exception {
        List<LineQueue> queues = List.of(new LineQueue(), new LineQueue(), new LineQueue());
        List<ChatClient> clients = new ArrayList<>();
        ChatServer server = start();
        try {
            for (LineQueue queue : queues) {
                clients.add(connect(server, queue));
            }
            nextShown(3);
            server.operatorSays("closing soon");
            server.close();
            for (int i = 0; i < clients.size(); i++) {
                assertEquals(CloseReason.PEER_CLOSED, clients.get(i).closeFuture().get(5, SECONDS));
                assertEquals(List.of("closing soon", ChatServer.FAREWELL), queues.get(i).rest());
            }
            // Whichever goes last is alone by then, and shown as the lab shows it.
            List<String> closings = nextShown(3);
            assertEquals("Closing connection", closings.get(2));
            assertThat(closings.subList(0, 2)).doesNotHaveDuplicates()
                    .allMatch(line -> line.matches("Closing connection with client #[123]"));
        } finally {
            clients.forEach(ChatClient::close);
            server.close();
        }
    }

    @Test
    void listenerStillHearsOfEveryConnectionWhenTheOperatorDisplayFails() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ChatServer server = ChatServer.builder().port(0).listener(events)
                .operator(line -> {
                    throw new IllegalStateException("display unplugged");
                })
                .start();
                ChatClient client = connect(server, ChatListener.NONE)) {
            ChatSession peer = events.nextConnected();
            assertEquals(CloseReason.FAILED, events.nextClosed());
            assertEquals("display unplugged", peer.failure().orElseThrow().getMessage());
            assertEquals(CloseReason.PEER_CLOSED, client.closeFuture().get(5, SECONDS));
        }
    }
}
