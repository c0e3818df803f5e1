package dev.linechat;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.pipeline.OverlongLineHandler;
import dev.linechat.testing.ChatThreads;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // a connection can matter just by being open, and closing twice is under test
class ChatClientIT {

    private final RecordingListener serverEvents = new RecordingListener();
    private final RecordingListener clientEvents = new RecordingListener();

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    private ChatServer startServer() {
        return ChatServer.builder().port(0).listener(serverEvents).start();
    }

    private ChatClient.Builder clientOf(ChatServer server) {
        return ChatClient.builder().port(server.port()).listener(clientEvents);
    }

    @Test
    void connectsAndCarriesLinesBothWays() throws Exception {
        try (ChatServer server = startServer(); ChatClient client = clientOf(server).connect()) {
            assertTrue(client.isOpen());
            assertEquals(1, client.session().id());
            assertEquals(server.port(), client.session().remoteAddress().getPort());
            assertEquals(client.session(), clientEvents.nextConnected());
            ChatSession peer = serverEvents.nextConnected();

            client.send("").get(5, SECONDS);
            client.send("ça va? 😀");
            assertEquals("", serverEvents.nextLine());
            assertEquals("ça va? 😀", serverEvents.nextLine());

            peer.send("très bien €");
            peer.send("");
            assertEquals("très bien €", clientEvents.nextLine());
            assertEquals("", clientEvents.nextLine());
        }
    }

    @Test
    void sayingByeEndsTheConversationWithByeSent() throws Exception {
        try (ChatServer server = startServer(); ChatClient client = clientOf(server).connect()) {
            clientEvents.nextConnected();
            client.send("BYE");
            assertEquals(CloseReason.BYE_SENT, client.closeFuture().get(5, SECONDS));
            assertEquals(CloseReason.BYE_SENT, clientEvents.nextClosed());
            assertFalse(client.isOpen());
            serverEvents.nextConnected();
            assertEquals(CloseReason.BYE_RECEIVED, serverEvents.nextClosed());
        }
    }

    @Test
    void hearingByeEndsTheConversationWithByeReceived() throws Exception {
        try (ChatServer server = startServer(); ChatClient client = clientOf(server).connect()) {
            clientEvents.nextConnected();
            serverEvents.nextConnected().send("BYE");
            assertEquals(CloseReason.BYE_RECEIVED, client.closeFuture().get(5, SECONDS));
            assertEquals(CloseReason.BYE_RECEIVED, clientEvents.nextClosed());
            assertEquals(CloseReason.BYE_SENT, serverEvents.nextClosed());
        }
    }

    @Test
    void serverClosingIsPeerClosed() throws Exception {
        try (ChatServer server = startServer(); ChatClient client = clientOf(server).connect()) {
            clientEvents.nextConnected();
            serverEvents.nextConnected().close();
            assertEquals(CloseReason.PEER_CLOSED, client.closeFuture().get(5, SECONDS));
            assertEquals(CloseReason.PEER_CLOSED, clientEvents.nextClosed());
            assertEquals(CloseReason.CLOSED_LOCALLY, serverEvents.nextClosed());
        }
    }

    @Test
    void closingIsClosedLocallyAndHarmlessTwice() throws Exception {
        try (ChatServer server = startServer(); ChatClient client = clientOf(server).connect()) {
            clientEvents.nextConnected();
            client.close();
            client.close();
            assertFalse(client.isOpen());
            assertEquals(CloseReason.CLOSED_LOCALLY, client.closeFuture().get(5, SECONDS));
            assertEquals(CloseReason.CLOSED_LOCALLY, clientEvents.nextClosed());
            serverEvents.nextConnected();
            assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
            ChatThreads.assertNoneAlive("chat-client");
        }
    }

    @Test
    void sendingAfterCloseFailsInsteadOfHanging() throws Exception {
        try (ChatServer server = startServer(); ChatClient client = clientOf(server).connect()) {
            client.close();
            assertThrows(ExecutionException.class, () -> client.send("too late").get(5, SECONDS));
        }
    }

    @Test
    void callsListenersOnThreadsNamedForTheirHandle() throws Exception {
        BlockingQueue<String> serverThreads = new LinkedBlockingQueue<>();
        BlockingQueue<String> clientThreads = new LinkedBlockingQueue<>();
        try (ChatServer server = ChatServer.builder().port(0).listener(threadNamesTo(serverThreads)).start();
                ChatClient client = ChatClient.builder().port(server.port()).listener(threadNamesTo(clientThreads)).connect()) {
            // What the leak check after each test looks for: it must not pass just because names changed.
            assertThat(serverThreads.poll(5, SECONDS)).startsWith("chat-server");
            assertThat(clientThreads.poll(5, SECONDS)).startsWith("chat-client");
        }
    }

    private static ChatListener threadNamesTo(BlockingQueue<String> names) {
        return new ChatListener() {
            @Override
            public void onConnected(ChatSession session) {
                names.add(Thread.currentThread().getName());
            }
        };
    }

    @Test
    void closingTheSessionIsClosedLocally() throws Exception {
        try (ChatServer server = startServer(); ChatClient client = clientOf(server).connect()) {
            clientEvents.nextConnected();
            assertEquals(CloseReason.CLOSED_LOCALLY, client.session().close().get(5, SECONDS));
            assertEquals(CloseReason.CLOSED_LOCALLY, clientEvents.nextClosed());
            assertEquals(CloseReason.CLOSED_LOCALLY, client.session().close().get(5, SECONDS));
        }
    }

    @Test
    void deliversLineSentJustBeforeClose() throws Exception {
        try (ChatServer server = startServer()) {
            try (ChatClient client = clientOf(server).connect()) {
                client.send("parting words");
            }
            serverEvents.nextConnected();
            assertEquals("parting words", serverEvents.nextLine());
            assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
        }
    }

    @Test
    void failsClearlyWhenTheConnectionIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        ChatException e = assertThrows(ChatException.class, () -> ChatClient.builder().port(closedPort).connect());
        String message = e.getMessage();
        assertTrue(message.startsWith("cannot connect to 127.0.0.1:" + closedPort + ": "), message);
        assertTrue(message.toLowerCase(Locale.ROOT).contains("refused"), message);
    }

    @Test
    void failsClearlyWhenTheHostIsUnknown() {
        ChatException e = assertThrows(ChatException.class,
                () -> ChatClient.builder().host("no-such-host.invalid").port(5000).connect());
        assertEquals("cannot connect to no-such-host.invalid:5000: unknown host", e.getMessage());
    }

    @Test
    void discardsOverlongLineFromServerTellsItAndReadsTheNext() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ChatClient client = ChatClient.builder().port(plain.getLocalPort()).listener(clientEvents)
                        .maxLineLength(8).connect();
                Socket server = plain.accept()) {
            clientEvents.nextConnected();
            server.setSoTimeout(5000);
            server.getOutputStream().write("123456789\nnext\n".getBytes(UTF_8));
            assertEquals(8, clientEvents.nextLineTooLong());
            assertEquals("next", clientEvents.nextLine());
            client.send("done");
            BufferedReader fromClient = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
            assertEquals(OverlongLineHandler.notice(8), fromClient.readLine());
            assertEquals("done", fromClient.readLine());
        }
    }

    @Test
    void reportsOverlongUnterminatedLineWhenTheServerCloses() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ChatClient client = ChatClient.builder().port(plain.getLocalPort()).listener(clientEvents)
                        .maxLineLength(8).connect()) {
            clientEvents.nextConnected();
            try (Socket server = plain.accept()) {
                server.getOutputStream().write("fine\n123456789".getBytes(UTF_8));
            }
            assertEquals("fine", clientEvents.nextLine());
            assertEquals(8, clientEvents.nextLineTooLong());
            assertEquals(CloseReason.PEER_CLOSED, clientEvents.nextClosed());
        }
    }

    @Test
    void talksInTheConfiguredCharset() throws Exception {
        try (ChatServer server = ChatServer.builder().port(0).charset(ISO_8859_1).listener(serverEvents).start();
                ChatClient client = clientOf(server).charset(ISO_8859_1).connect()) {
            ChatSession peer = serverEvents.nextConnected();
            client.send("déjà vu");
            assertEquals("déjà vu", serverEvents.nextLine());
            peer.send("à bientôt");
            clientEvents.nextConnected();
            assertEquals("à bientôt", clientEvents.nextLine());
        }
    }

    @Test
    void rejectsLineBreaksInSentLines() throws Exception {
        try (ChatServer server = startServer(); ChatClient client = clientOf(server).connect()) {
            assertThrows(IllegalArgumentException.class, () -> client.send("two\nlines"));
            assertThrows(IllegalArgumentException.class, () -> client.send("two\rlines"));
            client.send("one line");
            serverEvents.nextConnected();
            assertEquals("one line", serverEvents.nextLine());
        }
    }

    @Test
    void listenerThatThrowsClosesTheConnectionAsFailed() throws Exception {
        IllegalStateException failure = new IllegalStateException("listener failed on purpose");
        ChatListener failing = new ChatListener() {
            @Override
            public void onLine(ChatSession session, String line) {
                throw failure;
            }
        };
        try (ChatServer server = startServer();
                ChatClient client = ChatClient.builder().port(server.port()).listener(failing).connect()) {
            serverEvents.nextConnected().send("anything");
            assertEquals(CloseReason.FAILED, client.closeFuture().get(5, SECONDS));
            assertEquals(failure, client.session().failure().orElseThrow());
            assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
        }
    }

    @Test
    void closesFromItsOwnListenerWithoutBlocking() throws Exception {
        AtomicReference<ChatClient> handle = new AtomicReference<>();
        RecordingListener closer = new RecordingListener() {
            @Override
            public void onLine(ChatSession session, String line) {
                super.onLine(session, line);
                handle.get().close(); // on the I/O thread: must start the shutdown, not wait for it
            }
        };
        try (ChatServer server = startServer();
                ChatClient client = ChatClient.builder().port(server.port()).listener(closer).connect()) {
            handle.set(client);
            serverEvents.nextConnected().send("please leave");
            assertEquals(CloseReason.CLOSED_LOCALLY, client.closeFuture().get(5, SECONDS));
            closer.nextConnected();
            assertEquals("please leave", closer.nextLine());
            assertEquals(CloseReason.CLOSED_LOCALLY, closer.nextClosed());
            assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
            ChatThreads.assertNoneAlive("chat-client");
        }
    }
}
