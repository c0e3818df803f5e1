package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.linechat.internal.AddressFilterHandler;
import dev.linechat.internal.Addresses;
import dev.linechat.internal.ConnectionLimitHandler;
import dev.linechat.internal.IdleTimeoutHandler;
import dev.linechat.pipeline.OverlongLineHandler;
import dev.linechat.testing.ChatThreads;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's limits over real loopback connections. */
@SuppressWarnings("try") // a connection can matter just by being open
class LimitsIT {

    private final RecordingListener serverEvents = new RecordingListener();
    private final RecordingListener clientEvents = new RecordingListener();

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    private static ChatClient connect(ChatServer server, ChatListener listener) {
        return ChatClient.builder().host(server.address().getHostString()).port(server.port()).listener(listener).connect();
    }

    /** Server-side close reasons, by the client's address. */
    private static final class Closes implements ChatListener {
        final BlockingQueue<String> closed = new LinkedBlockingQueue<>();

        @Override
        public void onClosed(ChatSession session, CloseReason reason) {
            closed.add(Addresses.format(session.remoteAddress()) + " " + reason);
        }

        String next() throws InterruptedException {
            String close = closed.poll(5, SECONDS);
            assertTrue(close != null, "no connection closed within 5 seconds");
            return close;
        }
    }

    @Test
    void closesAnIdleClientWithANoticeWhileAnotherCarriesOn() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        Closes closes = new Closes();
        LineQueue idleLines = new LineQueue();
        LineQueue busyLines = new LineQueue();
        try (ChatServer server = ChatServer.builder().port(0).mode(ServerMode.ECHO).idleTimeout(timeout)
                        .listener(closes).start();
                ChatClient idle = connect(server, idleLines);
                ChatClient busy = connect(server, busyLines)) {
            long deadline = System.nanoTime() + SECONDS.toNanos(10);
            while (!idle.closeFuture().isDone() && System.nanoTime() < deadline) {
                busy.send("ping"); // a line every 100 ms keeps this one going
                assertEquals("ping", busyLines.next());
                Thread.sleep(100);
            }
            assertEquals(CloseReason.PEER_CLOSED, idle.closeFuture().get(5, SECONDS));
            assertEquals(List.of(IdleTimeoutHandler.notice(timeout)), idleLines.rest());
            assertEquals(LineQueue.localAddressOf(idle) + " " + CloseReason.CLOSED_LOCALLY, closes.next());

            assertTrue(busy.isOpen());
            busy.send("still here");
            assertEquals("still here", busyLines.next());
            String nextAddress;
            try (ChatClient next = connect(server, new LineQueue())) {
                assertTrue(next.isOpen()); // and the server carries on
                nextAddress = LineQueue.localAddressOf(next);
            }
            assertEquals(nextAddress + " " + CloseReason.PEER_CLOSED, closes.next());
            assertTrue(busy.isOpen());
        }
    }

    @Test
    void refusesADeniedAddressWithOneErrorLine() throws Exception {
        try (ChatServer server = ChatServer.builder().port(0).deny("127.0.0.0/8").listener(serverEvents).start();
                ChatClient refused = connect(server, clientEvents)) {
            clientEvents.nextConnected();
            assertEquals("ERROR refused: connections from 127.0.0.1 are not allowed", clientEvents.nextLine());
            assertEquals(CloseReason.PEER_CLOSED, clientEvents.nextClosed());
            assertEquals(List.of(), server.sessions());
        }
        assertNull(serverEvents.poll()); // the server's listener never heard of it
    }

    @Test
    void refusesAnAddressThatNoAllowedBlockHoldsAndAdmitsOneThatDoes() throws Exception {
        try (ChatServer server = ChatServer.builder().port(0).allow("10.0.0.0/8").allow("::1").start();
                ChatClient refused = connect(server, clientEvents)) {
            clientEvents.nextConnected();
            assertEquals(AddressFilterHandler.notice(InetAddress.getByName("127.0.0.1")), clientEvents.nextLine());
            assertEquals(CloseReason.PEER_CLOSED, clientEvents.nextClosed());
        }
        try (ChatServer server = ChatServer.builder().port(0).allow("10.0.0.0/8").allow("127.0.0.1/32")
                        .deny("192.0.2.0/24").listener(serverEvents).start();
                ChatClient admitted = connect(server, clientEvents)) {
            clientEvents.nextConnected();
            ChatSession peer = serverEvents.nextConnected();
            admitted.send("let in");
            assertEquals("let in", serverEvents.nextLine());
            peer.send("welcome");
            assertEquals("welcome", clientEvents.nextLine());
        }
    }

    @Test
    void filtersIpv6Clients() throws Exception {
        assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback here");
        try (ChatServer server = ChatServer.builder().host("::1").port(0).deny("::1/128").start();
                ChatClient refused = connect(server, clientEvents)) {
            clientEvents.nextConnected();
            assertEquals("ERROR refused: connections from ::1 are not allowed", clientEvents.nextLine());
            assertEquals(CloseReason.PEER_CLOSED, clientEvents.nextClosed());
        }
        try (ChatServer server = ChatServer.builder().host("::1").port(0).allow("::/64").listener(serverEvents).start();
                ChatClient admitted = connect(server, clientEvents)) {
            clientEvents.nextConnected();
            serverEvents.nextConnected();
            admitted.send("over IPv6");
            assertEquals("over IPv6", serverEvents.nextLine());
        }
    }

    @Test
    void tellsTheClientOverTheLimitThatTheServerIsFullAndKeepsTheOthers() throws Exception {
        LineQueue one = new LineQueue();
        LineQueue two = new LineQueue();
        LineQueue three = new LineQueue();
        try (ChatServer server = ChatServer.builder().port(0).mode(ServerMode.ECHO).maxClients(2).start();
                ChatClient first = connect(server, one);
                ChatClient second = connect(server, two)) {
            first.send("one");
            assertEquals("one", one.next());
            second.send("two");
            assertEquals("two", two.next());
            try (ChatClient third = connect(server, three)) {
                assertEquals(ConnectionLimitHandler.notice(2), three.next());
                assertEquals("ERROR server full: 2 clients are connected; try again later", ConnectionLimitHandler.notice(2));
                assertEquals(CloseReason.PEER_CLOSED, third.closeFuture().get(5, SECONDS));
            }
            first.send("still one");
            assertEquals("still one", one.next());
            second.send("still two");
            assertEquals("still two", two.next());
        }
    }

    @Test
    void discardsOverlongLinesInBothDirectionsTellsTheSenderAndKeepsTheNextLine() throws Exception {
        int limit = 100; // room for the notices, which are shorter
        try (ChatServer server = ChatServer.builder().port(0).maxLineLength(limit).listener(serverEvents).start();
                ChatClient client = ChatClient.builder().port(server.port()).maxLineLength(limit)
                        .listener(clientEvents).connect()) {
            clientEvents.nextConnected();
            ChatSession peer = serverEvents.nextConnected();

            client.send("c".repeat(limit + 1));
            client.send("next from the client");
            assertEquals(limit, serverEvents.nextLineTooLong());
            assertEquals("next from the client", serverEvents.nextLine());
            assertEquals(OverlongLineHandler.notice(limit), clientEvents.nextLine());

            peer.send("s".repeat(limit + 1));
            peer.send("next from the server");
            assertEquals(limit, clientEvents.nextLineTooLong());
            assertEquals("next from the server", clientEvents.nextLine());
            assertEquals(OverlongLineHandler.notice(limit), serverEvents.nextLine());

            assertTrue(client.isOpen());
            client.send("both fine");
            assertEquals("both fine", serverEvents.nextLine());
        }
    }

    @Test
    void reportsAnOverlongLineCutOffByTheClientClosingItsSide() throws Exception {
        try (ChatServer server = ChatServer.builder().port(0).maxLineLength(16).listener(serverEvents).start();
                Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(5000);
            serverEvents.nextConnected();
            raw.getOutputStream().write(("fine\n" + "x".repeat(40)).getBytes(UTF_8)); // no terminator
            raw.shutdownOutput();
            assertEquals("fine", serverEvents.nextLine());
            assertEquals(16, serverEvents.nextLineTooLong());
            BufferedReader in = new BufferedReader(new InputStreamReader(raw.getInputStream(), UTF_8));
            assertEquals(OverlongLineHandler.notice(16), in.readLine()); // it still reads: it is told
            assertNull(in.readLine());
            assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
        }
    }

    @Test
    void decodesMalformedUtf8FromAClientWithReplacementCharacters() throws Exception {
        try (ChatServer server = ChatServer.builder().port(0).mode(ServerMode.ECHO).listener(serverEvents).start();
                Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(5000);
            serverEvents.nextConnected();
            raw.getOutputStream().write(new byte[] {
                'a', (byte) 0xFF, 'b', '\n',                 // a byte that is never UTF-8
                (byte) 0xC3, '\n',                           // a sequence cut short by the terminator
                (byte) 0xE2, (byte) 0x82, 'x', '\n',         // cut short by another character
                (byte) 0xC0, (byte) 0xAF, '\n',              // an over-long encoding of '/'
                (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n', // a lone surrogate
                'n', 'e', 'x', 't', '\n'});
            assertEquals("a\uFFFDb", serverEvents.nextLine());
            assertEquals("\uFFFD", serverEvents.nextLine());
            assertTrue(serverEvents.nextLine().matches("\uFFFD+x"));
            assertTrue(serverEvents.nextLine().matches("\uFFFD+"));
            assertTrue(serverEvents.nextLine().matches("\uFFFD+"));
            assertEquals("next", serverEvents.nextLine());
            // echoed back as well-formed UTF-8
            InputStream in = raw.getInputStream();
            assertArrayEquals("a\uFFFDb\n".getBytes(UTF_8), readLine(in));
            assertArrayEquals("\uFFFD\n".getBytes(UTF_8), readLine(in));
        }
    }

    @Test
    void decodesMalformedUtf8FromTheServerWithReplacementCharacters() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ChatClient client = ChatClient.builder().port(plain.getLocalPort()).listener(clientEvents).connect();
                Socket server = plain.accept()) {
            clientEvents.nextConnected();
            server.getOutputStream().write(new byte[] {'o', 'k', (byte) 0xFE, '\n', (byte) 0xF0, (byte) 0x9F, '\n',
                'n', 'e', 'x', 't', '\n'});
            assertEquals("ok\uFFFD", clientEvents.nextLine());
            assertTrue(clientEvents.nextLine().matches("\uFFFD+"));
            assertEquals("next", clientEvents.nextLine());
            assertTrue(client.isOpen());
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
