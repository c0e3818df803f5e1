package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.internal.ConnectionLimitHandler;
import dev.linechat.pipeline.OverlongLineHandler;
import dev.linechat.testing.ChatThreads;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // a connection can matter just by being open, and closing twice is under test
class ChatServerIT {

    private final RecordingListener serverEvents = new RecordingListener();
    private final RecordingListener clientEvents = new RecordingListener();

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    private ChatServer.Builder server() {
        return ChatServer.builder().port(0).listener(serverEvents);
    }

    private static ChatClient.Builder clientOf(ChatServer server, RecordingListener events) {
        return ChatClient.builder().port(server.port()).listener(events);
    }

    @Test
    void carriesLinesBothWaysIncludingEmptyAndNonAsciiOnes() throws Exception {
        try (ChatServer server = server().start(); ChatClient client = clientOf(server, clientEvents).connect()) {
            ChatSession peer = serverEvents.nextConnected();
            clientEvents.nextConnected();

            client.send("hello");
            client.send("");
            client.send("héllo wörld € 😀");
            assertEquals("hello", serverEvents.nextLine());
            assertEquals("", serverEvents.nextLine());
            assertEquals("héllo wörld € 😀", serverEvents.nextLine());

            peer.send("réponse 👍").get(5, SECONDS);
            peer.send("");
            peer.send("end");
            assertEquals("réponse 👍", clientEvents.nextLine());
            assertEquals("", clientEvents.nextLine());
            assertEquals("end", clientEvents.nextLine());
        }
    }

    @Test
    void clientSayingByeIsByeReceivedHereAndByeSentThere() throws Exception {
        try (ChatServer server = server().start(); ChatClient client = clientOf(server, clientEvents).connect()) {
            ChatSession peer = serverEvents.nextConnected();
            client.send("last line");
            client.send("BYE");
            assertEquals("last line", serverEvents.nextLine());
            assertEquals(CloseReason.BYE_RECEIVED, serverEvents.nextClosed());
            assertEquals(CloseReason.BYE_RECEIVED, peer.closeFuture().get(5, SECONDS));
            assertEquals(CloseReason.BYE_SENT, client.closeFuture().get(5, SECONDS));
            clientEvents.nextConnected();
            assertEquals(CloseReason.BYE_SENT, clientEvents.nextClosed());
            assertEquals(List.of(), server.sessions());
        }
    }

    @Test
    void serverSayingByeIsByeSentHereAndByeReceivedThere() throws Exception {
        try (ChatServer server = server().start(); ChatClient client = clientOf(server, clientEvents).connect()) {
            ChatSession peer = serverEvents.nextConnected();
            peer.send("goodbye");
            peer.send("BYE");
            assertEquals(CloseReason.BYE_SENT, serverEvents.nextClosed());
            clientEvents.nextConnected();
            assertEquals("goodbye", clientEvents.nextLine());
            assertEquals(CloseReason.BYE_RECEIVED, clientEvents.nextClosed());
            assertEquals(CloseReason.BYE_RECEIVED, client.closeFuture().get(5, SECONDS));
        }
    }

    @Test
    void clientThatJustClosesIsPeerClosed() throws Exception {
        try (ChatServer server = server().start()) {
            try (ChatClient client = clientOf(server, clientEvents).connect()) {
                serverEvents.nextConnected();
            }
            assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
        }
    }

    @Test
    void closingASessionIsClosedLocally() throws Exception {
        try (ChatServer server = server().start(); ChatClient client = clientOf(server, clientEvents).connect()) {
            ChatSession peer = serverEvents.nextConnected();
            assertEquals(CloseReason.CLOSED_LOCALLY, peer.close().get(5, SECONDS));
            assertEquals(CloseReason.CLOSED_LOCALLY, serverEvents.nextClosed());
            assertEquals(CloseReason.PEER_CLOSED, client.closeFuture().get(5, SECONDS));
            assertTrue(server.sessions().isEmpty());
        }
    }

    @Test
    void numbersSessionsFromOneWithoutReuse() throws Exception {
        try (ChatServer server = server().start()) {
            for (long expected = 1; expected <= 3; expected++) {
                try (ChatClient client = clientOf(server, clientEvents).connect()) {
                    assertEquals(expected, serverEvents.nextConnected().id());
                }
                assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
            }
        }
    }

    @Test
    void reportsTheRealBoundPort() throws Exception {
        try (ChatServer server = server().start()) {
            assertNotEquals(0, server.port());
            assertEquals(server.port(), server.address().getPort());
            assertEquals(InetAddress.getByName("127.0.0.1"), server.address().getAddress());
            assertEquals("ChatServer on 127.0.0.1:" + server.port(), server.toString());
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                ChatSession peer = serverEvents.nextConnected();
                assertEquals(socket.getLocalPort(), peer.remoteAddress().getPort());
            }
            assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
        }
    }

    @Test
    void listsOpenSessionsOldestFirst() throws Exception {
        try (ChatServer server = server().start()) {
            assertEquals(List.of(), server.sessions());
            try (ChatClient first = clientOf(server, clientEvents).connect()) {
                ChatSession firstPeer = serverEvents.nextConnected();
                try (ChatClient second = clientOf(server, clientEvents).connect()) {
                    ChatSession secondPeer = serverEvents.nextConnected();
                    assertEquals(List.of(firstPeer, secondPeer), server.sessions());
                    first.close();
                    assertEquals(firstPeer, serverEvents.next("closed").session());
                    assertEquals(List.of(secondPeer), server.sessions());
                }
                serverEvents.nextClosed();
                assertEquals(List.of(), server.sessions());
            }
        }
    }

    @Test
    void refusesClientOverTheLimitAndKeepsServingTheFirst() throws Exception {
        RecordingListener refusedEvents = new RecordingListener();
        try (ChatServer server = server().maxClients(1).start();
                ChatClient first = clientOf(server, clientEvents).connect()) {
            ChatSession firstPeer = serverEvents.nextConnected();
            try (ChatClient refused = clientOf(server, refusedEvents).connect()) {
                refusedEvents.nextConnected();
                assertEquals(ConnectionLimitHandler.notice(1), refusedEvents.nextLine());
                assertEquals(CloseReason.PEER_CLOSED, refusedEvents.nextClosed());
            }
            first.send("still here");
            assertEquals("still here", serverEvents.nextLine()); // and not a word about the refused one
            assertEquals(List.of(firstPeer), server.sessions());
            firstPeer.send("welcome back");
            clientEvents.nextConnected();
            assertEquals("welcome back", clientEvents.nextLine());
        }
    }

    @Test
    void admitsAnotherClientOnceTheOnlyOneHasLeft() throws Exception {
        try (ChatServer server = server().maxClients(1).start()) {
            try (ChatClient first = clientOf(server, clientEvents).connect()) {
                serverEvents.nextConnected();
            }
            serverEvents.nextClosed();
            try (ChatClient next = clientOf(server, clientEvents).connect()) {
                serverEvents.nextConnected();
                next.send("my turn");
                assertEquals("my turn", serverEvents.nextLine());
            }
            serverEvents.nextClosed();
        }
    }

    @Test
    void failsClearlyWhenThePortIsInUse() {
        try (ChatServer first = server().start()) {
            ChatException e = assertThrows(ChatException.class, () -> ChatServer.builder().port(first.port()).start());
            String message = e.getMessage();
            assertTrue(message.startsWith("cannot listen on 127.0.0.1:" + first.port() + ": "), message);
            assertTrue(message.toLowerCase(Locale.ROOT).contains("in use"), message);
        }
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        ChatServer server = server().start();
        server.close();
        server.close();
        assertTrue(server.awaitClose(Duration.ofSeconds(5)));
        ChatThreads.assertNoneAlive("chat-server");
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close());
    }

    @Test
    void sendingToASessionOfAClosedServerFails() throws Exception {
        ChatSession peer;
        try (ChatServer server = server().start(); ChatClient client = clientOf(server, clientEvents).connect()) {
            peer = serverEvents.nextConnected();
        }
        assertFalse(peer.isOpen());
        assertThrows(ExecutionException.class, () -> peer.send("anyone there?").get(5, SECONDS));
        assertEquals(peer.closeFuture().get(5, SECONDS), peer.close().get(5, SECONDS));
    }

    @Test
    void deliversLineSentJustBeforeCloseThenTheFarewell() throws Exception {
        try (ChatServer server = server().start(); ChatClient client = clientOf(server, clientEvents).connect()) {
            ChatSession peer = serverEvents.nextConnected();
            peer.send("last words");
            server.close();
            assertEquals(CloseReason.CLOSED_LOCALLY, serverEvents.nextClosed());
            clientEvents.nextConnected();
            assertEquals("last words", clientEvents.nextLine());
            assertEquals(ChatServer.FAREWELL, clientEvents.nextLine());
            assertEquals(CloseReason.PEER_CLOSED, clientEvents.nextClosed());
        }
    }

    @Test
    void readsRawPeerWithMixedTerminatorsAndUnterminatedLastLine() throws Exception {
        try (ChatServer server = server().start()) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write("a\r\nb\n".getBytes(UTF_8));
                out.flush();
                out.write("c".getBytes(UTF_8));
                out.flush();
            }
            serverEvents.nextConnected();
            assertEquals("a", serverEvents.nextLine());
            assertEquals("b", serverEvents.nextLine());
            assertEquals("c", serverEvents.nextLine());
            assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
        }
    }

    @Test
    void listenerThatThrowsClosesOnlyThatConnection() throws Exception {
        IllegalStateException failure = new IllegalStateException("listener failed on purpose");
        RecordingListener failing = new RecordingListener() {
            @Override
            public void onLine(ChatSession session, String line) {
                if (line.equals("boom")) {
                    throw failure;
                }
                super.onLine(session, line);
            }
        };
        try (ChatServer server = ChatServer.builder().port(0).listener(failing).start();
                ChatClient victim = clientOf(server, clientEvents).connect()) {
            ChatSession victimPeer = failing.nextConnected();
            try (ChatClient other = clientOf(server, new RecordingListener()).connect()) {
                failing.nextConnected();

                victim.send("boom");
                RecordingListener.Event closed = failing.next("closed");
                assertEquals(victimPeer, closed.session());
                assertEquals(CloseReason.FAILED, closed.detail());
                assertEquals(failure, victimPeer.failure().orElseThrow());
                assertEquals(CloseReason.PEER_CLOSED, victim.closeFuture().get(5, SECONDS));

                other.send("still served");
                assertEquals("still served", failing.nextLine());
            }
            failing.nextClosed();
            try (ChatClient late = clientOf(server, new RecordingListener()).connect()) {
                assertEquals(3, failing.nextConnected().id());
            }
            failing.nextClosed();
        }
    }

    @Test
    void answersOverlongLineWithNoticeAndReadsTheNext() throws Exception {
        try (ChatServer server = server().maxLineLength(16).start();
                ChatClient client = clientOf(server, clientEvents).connect()) {
            serverEvents.nextConnected();
            clientEvents.nextConnected();
            client.send("x".repeat(17));
            client.send("next");
            assertEquals(OverlongLineHandler.notice(16), clientEvents.nextLine());
            assertEquals(16, serverEvents.nextLineTooLong());
            assertEquals("next", serverEvents.nextLine());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void closesFromItsOwnListenerWithoutBlocking() throws Exception {
        AtomicReference<ChatServer> handle = new AtomicReference<>();
        RecordingListener closer = new RecordingListener() {
            @Override
            public void onLine(ChatSession session, String line) {
                super.onLine(session, line);
                handle.get().close(); // on an I/O thread: must start the shutdown, not wait for it
            }
        };
        try (ChatServer server = ChatServer.builder().port(0).listener(closer).start()) {
            handle.set(server);
            try (ChatClient client = clientOf(server, clientEvents).connect()) {
                client.send("please stop");
                assertTrue(server.awaitClose(Duration.ofSeconds(5)));
                assertEquals(CloseReason.PEER_CLOSED, client.closeFuture().get(5, SECONDS));
                closer.nextConnected();
                assertEquals("please stop", closer.nextLine());
                assertEquals(CloseReason.CLOSED_LOCALLY, closer.nextClosed());
            }
        }
    }
}
