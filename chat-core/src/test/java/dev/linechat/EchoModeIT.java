package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.linechat.testing.ChatThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // a connection can matter just by being open
class EchoModeIT {

    private final BlockingQueue<String> display = new LinkedBlockingQueue<>();

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    private ChatServer.Builder echoServer() {
        return ChatServer.builder().port(0).mode(ServerMode.ECHO).operator(display::add);
    }

    private static ChatClient connect(ChatServer server, ChatListener listener) {
        return ChatClient.builder().port(server.port()).listener(listener).connect();
    }

    private String nextShown() throws InterruptedException {
        String line = display.poll(5, SECONDS);
        assertThat(line).as("operator display within 5 seconds").isNotNull();
        return line;
    }

    /** Sends the bytes from a raw socket, shuts its output down as {@code nc -N} does, and reads to the end. */
    private static String halfClose(ChatServer server, String sent) throws IOException {
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write(sent.getBytes(UTF_8));
            out.flush();
            raw.shutdownOutput();
            return new String(raw.getInputStream().readAllBytes(), UTF_8);
        }
    }

    @Test
    void anApplicationListenerHearsTheLinesAndTheyStillComeBack() throws Exception {
        // A listener that reads the lines makes the server decode them; without one they go back as bytes.
        LineQueue heard = new LineQueue();
        LineQueue echoed = new LineQueue();
        try (ChatServer server = echoServer().listener(heard).start();
                ChatClient client = connect(server, echoed)) {
            client.send("héllo € 😀");
            client.send("");
            assertEquals("héllo € 😀", echoed.next());
            assertEquals("", echoed.next());
            assertEquals("héllo € 😀", heard.next());
            assertEquals("", heard.next());
        }
    }

    @Test
    void sendsEveryLineBackToItsSenderOnlyIncludingEmptyAndNonAsciiOnes() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        try (ChatServer server = echoServer().start();
                ChatClient first = connect(server, one);
                ChatClient second = connect(server, two);
                ChatClient third = connect(server, three)) {
            first.send("héllo wörld € 😀");
            first.send("");
            first.send("  spaced  ");
            second.send("ça va?");
            assertEquals("héllo wörld € 😀", one.next());
            assertEquals("", one.next());
            assertEquals("  spaced  ", one.next());
            assertEquals("ça va?", two.next());
            third.send("last");
            assertEquals("last", three.next());
            assertEquals(List.of(), one.rest());
            assertEquals(List.of(), two.rest());
        }
    }

    @Test
    void sendsEachClientsLinesBackInOrderWhileOthersSendToo() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        try (ChatServer server = echoServer().start();
                ChatClient first = connect(server, one);
                ChatClient second = connect(server, two);
                ChatClient third = connect(server, three)) {
            NumberedLines.sendConcurrently(List.of(first, second, third), 200);
            Pattern number = Pattern.compile("()(\\d+)");
            for (LineQueue queue : List.of(one, two, three)) {
                NumberedLines.assertEachSenderInOrder(queue, number, List.of(""), 200);
            }
        }
    }

    @Test
    void halfClosingClientStillGetsItsAnswerBeforeTheBye() throws Exception {
        try (ChatServer server = echoServer().start()) {
            assertEquals("hi\n", halfClose(server, "hi\nBYE"));
        }
    }

    @Test
    void halfClosingClientGetsItsUnterminatedLastLineBack() throws Exception {
        try (ChatServer server = echoServer().start()) {
            assertEquals("one\n\ntwo\n", halfClose(server, "one\r\n\ntwo"));
        }
    }

    @Test
    void listensOnTheIpv6Loopback() throws Exception {
        assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback on this host");
        LineQueue lines = new LineQueue();
        try (ChatServer server = echoServer().host("::1").start();
                ChatClient client = ChatClient.builder().host("::1").port(server.port()).listener(lines).connect()) {
            assertEquals(InetAddress.getByName("::1"), server.address().getAddress());
            assertEquals("ChatServer on [::1]:" + server.port(), server.toString());
            client.send("over v6");
            assertEquals("over v6", lines.next());
            assertThat(LineQueue.localAddressOf(client)).startsWith("[::1]:");
            assertEquals("Client #1 (" + LineQueue.localAddressOf(client) + ") connected", nextShown());
        }
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void operatorLinesGoToEveryClientAndArrivalsAndDeparturesAreShown() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        try (ChatServer server = echoServer().start(); ChatClient first = connect(server, one)) {
            String label1 = "#1 (" + LineQueue.localAddressOf(first) + ")";
            assertEquals("Client " + label1 + " connected", nextShown());
            try (ChatClient second = connect(server, two)) {
                String label2 = "#2 (" + LineQueue.localAddressOf(second) + ")";
                assertEquals("Client " + label2 + " connected", nextShown());
                server.operatorSays("from the operator");
                assertEquals("from the operator", one.next());
                assertEquals("from the operator", two.next());
                second.send("BYE");
                assertEquals(CloseReason.BYE_SENT, second.closeFuture().get(5, SECONDS));
                assertEquals("Client " + label2 + " disconnected", nextShown());
            }
            first.send("echo");
            assertEquals("echo", one.next());
            assertEquals(List.of(), one.rest());
        }
    }

    @Test
    void neverReusesANumberForAnotherClient() throws Exception {
        try (ChatServer server = echoServer().start()) {
            for (int id = 1; id <= 3; id++) {
                LineQueue lines = new LineQueue();
                String label;
                try (ChatClient client = connect(server, lines)) {
                    label = "#" + id + " (" + LineQueue.localAddressOf(client) + ")";
                    assertEquals("Client " + label + " connected", nextShown());
                    client.send("round " + id);
                    assertEquals("round " + id, lines.next());
                }
                assertEquals("Client " + label + " disconnected", nextShown());
            }
        }
    }

    @Test
    void farewellIsTheLastLineEveryClientReceives() throws Exception {
        List<LineQueue> queues = List.of(new LineQueue(), new LineQueue(), new LineQueue());
        List<ChatClient> clients = new ArrayList<>();
        ChatServer server = echoServer().start();
        try {
            for (LineQueue queue : queues) {
                ChatClient client = connect(server, queue);
                clients.add(client);
                client.send("before");
                assertEquals("before", queue.next());
            }
            server.close();
            for (int i = 0; i < clients.size(); i++) {
                assertEquals(CloseReason.PEER_CLOSED, clients.get(i).closeFuture().get(5, SECONDS));
                assertEquals(List.of(ChatServer.FAREWELL), queues.get(i).rest());
            }
        } finally {
            clients.forEach(ChatClient::close);
            server.close();
        }
    }
}
