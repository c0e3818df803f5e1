package dev.linechat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.testing.ChatThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handles as an application uses them: asynchronously, on shared threads, with room commands and scripts. */
class LibraryApiIT {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client", "app-loop");
    }

    @Test
    void serversAndClientsShareTheApplicationsThreadsAndLeaveThemRunning() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("app-loop"), NioIoHandler.newFactory());
        try {
            try (ChatServer echo = ChatServer.builder().port(0).mode(ServerMode.ECHO).eventLoopGroup(group).start();
                    ChatServer room = ChatServer.builder().port(0).mode(ServerMode.ROOM).eventLoopGroup(group).start()) {
                assertEquals(Transport.NIO, echo.transport());
                LineInbox echoed = new LineInbox();
                LineInbox roomed = new LineInbox();
                try (ChatClient a = ChatClient.builder().port(echo.port()).listener(echoed).eventLoopGroup(group).connect();
                        ChatClient b = ChatClient.builder().port(room.port()).listener(roomed).eventLoopGroup(group).connect()) {
                    a.send("ping");
                    assertEquals("ping", echoed.next(WAIT));
                    assertThat(roomed.next(WAIT)).startsWith("* welcome, user1");
                    assertThat(threadsNamed("chat-server", "chat-client")).isZero();
                }
            }
            assertFalse(group.isShuttingDown(), "closing the handles left the application's group alone");
            try (ChatServer again = ChatServer.builder().port(0).mode(ServerMode.ECHO).eventLoopGroup(group).start()) {
                LineInbox inbox = new LineInbox();
                try (ChatClient c = ChatClient.builder().port(again.port()).listener(inbox).eventLoopGroup(group).connect()) {
                    c.send("still here");
                    assertEquals("still here", inbox.next(WAIT));
                }
            }
        } finally {
            group.shutdownGracefully(0, 0, SECONDS).syncUninterruptibly();
        }
    }

    private static long threadsNamed(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> java.util.Arrays.stream(prefixes).anyMatch(t.getName()::startsWith))
                .count();
    }

    @Test
    void blockingStartAndConnectRefuseToWaitOnTheLoopTheyNeed() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("app-loop"), NioIoHandler.newFactory());
        try (ChatServer server = ChatServer.builder().port(0).mode(ServerMode.ECHO).eventLoopGroup(group).start()) {
            ChatClient.Builder client = ChatClient.builder().port(server.port()).eventLoopGroup(group);
            ChatServer.Builder another = ChatServer.builder().port(0).eventLoopGroup(group);
            CompletableFuture<String> onLoop = new CompletableFuture<>();
            group.execute(() -> {
                String connect = assertThrows(IllegalStateException.class, client::connect).getMessage();
                String start = assertThrows(IllegalStateException.class, another::start).getMessage();
                onLoop.complete(connect + " / " + start);
            });
            assertEquals("connect() cannot wait on a thread of its own event loop group; use connectAsync() / "
                    + "start() cannot wait on a thread of its own event loop group; use startAsync()", onLoop.get(5, SECONDS));
            // The asynchronous forms are fine there.
            CompletableFuture<ChatClient> connected = new CompletableFuture<>();
            group.execute(() -> client.connectAsync().whenComplete((c, e) -> connected.complete(c)));
            try (ChatClient c = connected.get(5, SECONDS)) {
                assertTrue(c.isOpen());
            }
        } finally {
            group.shutdownGracefully(0, 0, SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aGroupOfAnotherTransportIsRefused() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("app-loop"), NioIoHandler.newFactory());
        try {
            assertThat(assertThrows(IllegalArgumentException.class,
                    () -> ChatServer.builder().port(0).eventLoopGroup(group).transport(Transport.EPOLL).start()).getMessage())
                    .isEqualTo("the event loop group runs nio, not epoll");
            assertThat(assertThrows(IllegalArgumentException.class,
                    () -> ChatClient.builder().eventLoopGroup(group).transport(Transport.IO_URING).connect()).getMessage())
                    .isEqualTo("the event loop group runs nio, not io_uring");
        } finally {
            group.shutdownGracefully(0, 0, SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aTransportThatIsNotHereIsReportedInOneLine() {
        // chat-core's own tests run without Netty's native libraries: only NIO is available.
        assertTrue(Transport.NIO.isAvailable());
        assertEquals(Transport.NIO, Transport.AUTO.resolve());
        for (Transport missing : new Transport[] {Transport.EPOLL, Transport.IO_URING}) {
            assertFalse(missing.isAvailable());
            ChatException refused = assertThrows(ChatException.class, () -> ChatServer.builder().port(0).transport(missing).start());
            assertThat(refused.getMessage()).startsWith("the " + missing + " transport is not available: ").doesNotContain("\n");
        }
        try (ChatServer server = ChatServer.builder().port(0).transport(Transport.NIO).start()) {
            assertEquals(Transport.NIO, server.transport());
        }
    }

    @Test
    void startConnectAndCloseWithoutBlocking() throws Exception {
        CompletableFuture<ChatServer> starting = ChatServer.builder().port(0).mode(ServerMode.ECHO).startAsync();
        ChatServer server = starting.get(5, SECONDS);
        LineInbox inbox = new LineInbox();
        ChatClient client = ChatClient.builder().port(server.port()).listener(inbox).connectAsync().get(5, SECONDS);
        client.send("async").get(5, SECONDS);
        assertEquals("async", inbox.next(WAIT));

        client.closeAsync().get(5, SECONDS);
        assertEquals(CloseReason.CLOSED_LOCALLY, inbox.awaitClose(WAIT));
        assertFalse(client.isOpen());
        client.close(); // harmless twice
        server.closeAsync().get(5, SECONDS);
        assertTrue(server.awaitClose(Duration.ZERO));
    }

    @Test
    void failuresArriveThroughTheFutureAsOneLine() throws Exception {
        try (ChatServer taken = ChatServer.builder().port(0).start()) {
            ExecutionException bind = assertThrows(ExecutionException.class,
                    () -> ChatServer.builder().port(taken.port()).startAsync().get(5, SECONDS));
            assertThat(bind.getCause()).isInstanceOf(ChatException.class).hasMessageStartingWith(
                    "cannot listen on 127.0.0.1:" + taken.port() + ": ");

            int free = taken.port();
            taken.close();
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> ChatClient.builder().port(free).connectAsync().get(5, SECONDS));
            assertThat(refused.getCause()).isInstanceOf(ChatException.class)
                    .hasMessage("cannot connect to 127.0.0.1:" + free + ": Connection refused");
        }
    }

    @Test
    void aClientHangsUpOnASilentServerButNotOnOneThatTalks() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ChatClient.builder().idleTimeout(Duration.ofSeconds(-1)));
        try (ChatServer server = ChatServer.builder().port(0).mode(ServerMode.ECHO).start()) {
            LineInbox talking = new LineInbox();
            try (ChatClient client = ChatClient.builder().port(server.port()).listener(talking)
                    .idleTimeout(Duration.ofSeconds(1)).connect()) {
                for (int i = 0; i < 7; i++) { // 1.4 s in all, an echo every 200 ms
                    client.send("still here " + i);
                    assertEquals("still here " + i, talking.next(WAIT));
                    Thread.sleep(200);
                }
                assertTrue(client.isOpen());

                long silentSince = System.nanoTime();
                assertEquals(CloseReason.CLOSED_LOCALLY, talking.awaitClose(WAIT));
                assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
            }
        }
    }

    @Test
    void aScriptTalksToARoomWithACommandOfItsOwn() {
        try (ChatServer room = ChatServer.builder().port(0).mode(ServerMode.ROOM)
                .command("shout", call -> call.announce("* " + call.caller() + " shouts " + call.argument().toUpperCase(java.util.Locale.ROOT)))
                .start()) {
            LineInbox alice = new LineInbox();
            LineInbox bob = new LineInbox();
            try (ChatClient a = ChatClient.builder().port(room.port()).listener(alice).connect();
                    ChatClient b = ChatClient.builder().port(room.port()).listener(bob).connect()) {
                alice.await(line -> line.equals("* user2 joined"), WAIT);
                b.send("/nick bob");
                alice.await(line -> line.equals("* user2 is now known as bob"), WAIT);
                b.send("/shout hello");
                assertEquals("* bob shouts HELLO", alice.next(WAIT));
                assertEquals("* bob shouts HELLO", bob.await(line -> line.contains("shouts"), WAIT));
                a.send("BYE");
                assertEquals(CloseReason.BYE_SENT, alice.awaitClose(WAIT));
                assertEquals("* user1 left", bob.next(WAIT));
            }
        }
    }
}
