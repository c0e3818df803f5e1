package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.linechat.testing.ChatThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections that end badly, and very many that come and go, while a well-behaved client keeps talking:
 * the server must keep serving it, and afterwards hold no session, socket, thread or buffer for the
 * others.
 */
@SuppressWarnings("try") // the good clients matter just by being connected
class FaultsIT {

    private static final int WORKERS = 4;
    private static final int FAULTS_PER_WORKER = 100;
    private static final int CYCLES = 2000;
    private static final int BACKLOG = 32;
    private static final int KILLS = 3;

    @AfterEach
    void leavesNoThreadsBehind() throws InterruptedException {
        ChatThreads.assertNoneAlive("chat-server", "chat-client");
    }

    @ParameterizedTest
    @EnumSource(value = ServerMode.class, names = {"ECHO", "ROOM"})
    void keepsServingThroughHalfClosedResetAndTruncatedConnections(ServerMode mode) throws Exception {
        underFire(mode, (server, listener) -> {
            runWorkers(worker -> {
                Random rnd = new Random(worker);
                for (int i = 0; i < FAULTS_PER_WORKER; i++) {
                    Fault.values()[rnd.nextInt(Fault.values().length)].inflict(server, mode, worker + "-" + i, listener);
                }
            });
            return WORKERS * FAULTS_PER_WORKER + killClientsMidLine(server, listener);
        });
    }

    @ParameterizedTest
    @EnumSource(value = ServerMode.class, names = {"ECHO", "ROOM"})
    void keepsServingThroughThousandsOfConnectsAndDisconnects(ServerMode mode) throws Exception {
        underFire(mode, (server, listener) -> {
            AtomicInteger started = new AtomicInteger();
            runWorkers(worker -> {
                for (int i = worker; i < CYCLES; i += WORKERS) {
                    // A room tells everyone of each arrival and departure, which costs milliseconds under the
                    // paranoid leak detector: clients that come faster than that would bury the server.
                    await(() -> started.get() - listener.closed.get() < BACKLOG,
                            () -> "the server fell behind: " + (started.get() - listener.closed.get())
                                    + " connections not yet closed after 10 seconds");
                    started.incrementAndGet();
                    try (Socket raw = open(server)) {
                        switch (i % 4) {
                            case 0 -> { } // connects and goes
                            case 1 -> send(raw, "cycle " + i + "\n");
                            case 2 -> raw.setSoLinger(true, 0); // goes with a reset
                            default -> {
                                send(raw, "cycle " + i + "\n");
                                raw.shutdownOutput();
                                readToTheEnd(raw, server); // the server answers, then closes its side
                            }
                        }
                    }
                }
            });
            return CYCLES;
        });
    }

    /** What a test does to the server while the good clients talk; it tells how many connections it made. */
    private interface Attack {
        int run(ChatServer server, ServerEvents listener) throws Exception;
    }

    /**
     * Starts a server in the mode, connects the good clients, keeps them exchanging lines while the
     * attack runs, and then checks that they are still served and that nothing else is left.
     */
    private static void underFire(ServerMode mode, Attack attack) throws Exception {
        ServerEvents listener = new ServerEvents();
        try (Warnings warnings = Warnings.capture();
                ChatServer server = ChatServer.builder().port(0).mode(mode).listener(listener).start();
                GoodClients good = GoodClients.connect(server, mode)) {
            good.exchange(50); // warmed up: the socket count below is the steady one
            long openFiles = openFiles();
            Exchange exchange = good.startExchanging();
            int connections = attack.run(server, listener);
            long exchanged = exchange.stop();
            assertThat(exchanged).as("lines exchanged in lockstep during the attack").isGreaterThan(10);
            good.exchange(500); // and afterwards, in one burst

            List<Long> goodIds = good.sessionIds();
            await(() -> server.sessions().stream().map(ChatSession::id).toList().equals(goodIds),
                    () -> "sessions still open: " + server.sessions() + ", expected only the good clients' " + goodIds);
            await(() -> listener.closed.get() == connections,
                    () -> listener.closed.get() + " of " + connections + " connections reported closed");
            assertEquals(connections + good.count(), listener.connected.get(), "connections reported to onConnected");
            if (openFiles >= 0) {
                long now = openFiles();
                assertTrue(now <= openFiles + 16, () -> "open files grew from " + openFiles + " to " + now);
            }
            warnings.assertNone();
        }
    }

    /** The ways a connection can go wrong; each checks what it can of the server's answer. */
    private enum Fault {
        /** Sends a line and half of one, shuts its output down, and reads the answers to the end. */
        HALF_CLOSE_MID_LINE {
            @Override
            void inflict(ChatServer server, ServerMode mode, String id, ServerEvents listener) throws Exception {
                try (Socket raw = open(server)) {
                    send(raw, "whole " + id + "\nhalf " + id);
                    raw.shutdownOutput();
                    String answer = readToTheEnd(raw, server);
                    if (mode == ServerMode.ECHO) {
                        assertEquals("whole " + id + "\nhalf " + id + "\n", answer);
                    } else {
                        assertThat(answer).startsWith("* welcome, user");
                    }
                }
                listener.awaitLine("half " + id);
            }
        },
        /** Shuts its output down right away and never reads. */
        HALF_CLOSE_WITHOUT_READING {
            @Override
            void inflict(ChatServer server, ServerMode mode, String id, ServerEvents listener) throws Exception {
                try (Socket raw = open(server)) {
                    raw.shutdownOutput();
                }
            }
        },
        /** Sends part of a line and closes, as a client killed mid-line does. */
        CLOSE_MID_LINE {
            @Override
            void inflict(ChatServer server, ServerMode mode, String id, ServerEvents listener) throws Exception {
                try (Socket raw = open(server)) {
                    send(raw, "cut " + id);
                }
                if (mode == ServerMode.ECHO) { // nothing unread here, so the close is a FIN, not a reset
                    listener.awaitLine("cut " + id);
                }
            }
        },
        /** Sends part of a line, then resets the connection. */
        RESET_MID_LINE {
            @Override
            void inflict(ChatServer server, ServerMode mode, String id, ServerEvents listener) throws Exception {
                try (Socket raw = open(server)) {
                    send(raw, "line " + id + "\nreset in the mid");
                    raw.setSoLinger(true, 0);
                }
            }
        },
        /** Connects and resets at once. */
        RESET_AT_ONCE {
            @Override
            void inflict(ChatServer server, ServerMode mode, String id, ServerEvents listener) throws Exception {
                try (Socket raw = open(server)) {
                    raw.setSoLinger(true, 0);
                }
            }
        },
        /** Sends the first byte of a two-byte character and an over-long line's start, then resets. */
        RESET_IN_A_CHARACTER_AND_AN_OVERLONG_LINE {
            @Override
            void inflict(ChatServer server, ServerMode mode, String id, ServerEvents listener) throws Exception {
                try (Socket raw = open(server)) {
                    OutputStream out = raw.getOutputStream();
                    out.write(new byte[] {'a', (byte) 0xC3, '\n'});
                    out.write(new byte[20_000]); // NULs, over the limit, no terminator
                    out.write(new byte[] {(byte) 0xE2, (byte) 0x82});
                    out.flush();
                    raw.setSoLinger(true, 0);
                }
            }
        },
        /** Says BYE in the middle of a burst and closes without waiting. */
        BYE_AND_GONE {
            @Override
            void inflict(ChatServer server, ServerMode mode, String id, ServerEvents listener) throws Exception {
                try (Socket raw = open(server)) {
                    send(raw, "before " + id + "\nBYE\nafter " + id + "\n");
                }
            }
        };

        abstract void inflict(ChatServer server, ServerMode mode, String id, ServerEvents listener) throws Exception;
    }

    /**
     * Kills client processes that have sent a whole line and part of the next: the part still reaches
     * the server, once. Needs bash, for its {@code /dev/tcp}.
     */
    private static int killClientsMidLine(ChatServer server, ServerEvents listener) throws Exception {
        if (!Files.isExecutable(Path.of("/bin/bash"))) {
            return 0;
        }
        for (int k = 0; k < KILLS; k++) {
            // printf writes line by line: "sent" says both writes are done, and the rest is the kernel's.
            String script = "exec 3<>/dev/tcp/127.0.0.1/" + server.port()
                    + " && printf 'ready " + k + "\\nkilled " + k + " mid-li' >&3 && echo sent && exec sleep 60";
            Process client = new ProcessBuilder("/bin/bash", "-c", script).redirectErrorStream(true).start();
            try {
                byte[] sent = "sent\n".getBytes(UTF_8);
                assertEquals("sent\n", new String(client.getInputStream().readNBytes(sent.length), UTF_8));
                listener.awaitLine("ready " + k);
                // The client never reads, so its kernel answers the kill with a reset, and a reset
                // discards what the server's kernel holds unread: give the server a moment to read
                // the part before it goes (on a busy machine it may not have yet).
                Thread.sleep(200);
            } finally {
                client.destroyForcibly();
                assertTrue(client.waitFor(5, SECONDS), "the killed client is gone");
            }
            listener.awaitLine("killed " + k + " mid-li");
        }
        return KILLS;
    }

    /** The well-behaved clients: one in echo mode, a speaker and a hearer in a room. */
    private static final class GoodClients implements AutoCloseable {
        private static final Pattern HEARD = Pattern.compile("(?:<user1> )?good (\\d+)");

        private final List<ChatClient> clients = new ArrayList<>();
        private final BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        private long next;

        static GoodClients connect(ChatServer server, ServerMode mode) throws InterruptedException {
            GoodClients good = new GoodClients();
            try {
                BlockingQueue<String> speakerLines = new LinkedBlockingQueue<>();
                good.clients.add(ChatClient.builder().port(server.port()).listener(mode == ServerMode.ECHO
                        ? good.hearing() : new ChatListener() {
                            @Override
                            public void onLine(ChatSession session, String line) {
                                speakerLines.add(line);
                            }
                        }).connect());
                if (mode == ServerMode.ROOM) {
                    assertEquals("* welcome, user1; /help lists the commands", speakerLines.poll(5, SECONDS));
                    good.clients.add(ChatClient.builder().port(server.port()).listener(good.hearing()).connect());
                    assertEquals("* user2 joined", speakerLines.poll(5, SECONDS)); // the hearer is in the room
                }
                return good;
            } catch (RuntimeException | AssertionError | InterruptedException e) {
                good.close();
                throw e;
            }
        }

        /** Takes the good lines out of what arrives; joins, leaves and other members' lines pass by. */
        private ChatListener hearing() {
            return new ChatListener() {
                @Override
                public void onLine(ChatSession session, String line) {
                    Matcher m = HEARD.matcher(line);
                    if (m.matches()) {
                        heard.add(Long.parseLong(m.group(1)));
                    }
                }
            };
        }

        int count() {
            return clients.size();
        }

        /** The ids the server gave the good clients: they connected first. */
        List<Long> sessionIds() {
            return Stream.iterate(1L, id -> id + 1).limit(clients.size()).toList();
        }

        /** Sends one line and waits for it to come back round. */
        void exchangeOne() throws InterruptedException {
            long n = next++;
            clients.get(0).send("good " + n);
            Long got = heard.poll(5, SECONDS);
            assertNotNull(got, () -> "good line " + n + " did not arrive within 5 seconds");
            assertEquals(n, got, "good lines arrive once and in order");
        }

        /** Sends lines in one burst, then checks that each arrives once and in order. */
        void exchange(int lines) throws InterruptedException {
            long first = next;
            for (int i = 0; i < lines; i++) {
                clients.get(0).send("good " + next++);
            }
            for (long n = first; n < next; n++) {
                Long got = heard.poll(5, SECONDS);
                assertNotNull(got, "good line " + n + " did not arrive within 5 seconds");
                assertEquals(n, got, "good lines arrive once and in order");
            }
        }

        /** Exchanges lines one at a time on another thread until stopped. */
        Exchange startExchanging() {
            ExecutorService thread = Executors.newSingleThreadExecutor();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong count = new AtomicLong();
            Future<?> running = thread.submit(() -> {
                while (!stop.get()) {
                    exchangeOne();
                    count.incrementAndGet();
                }
                return null;
            });
            return () -> {
                stop.set(true);
                try {
                    running.get(10, SECONDS);
                } finally {
                    thread.shutdownNow();
                }
                return count.get();
            };
        }

        @Override
        public void close() {
            clients.forEach(ChatClient::close);
        }
    }

    /** The good clients' exchange, running; {@link #stop()} ends it and rethrows what went wrong. */
    private interface Exchange {
        long stop() throws Exception;
    }

    /** The server's listener: counts connections and remembers every line it heard. */
    private static final class ServerEvents implements ChatListener {
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        private final Map<String, AtomicInteger> lines = new ConcurrentHashMap<>();

        @Override
        public void onConnected(ChatSession session) {
            connected.incrementAndGet();
        }

        @Override
        public void onLine(ChatSession session, String line) {
            lines.computeIfAbsent(line, l -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void onClosed(ChatSession session, CloseReason reason) {
            closed.incrementAndGet();
        }

        /** Waits until the server has heard the line, and checks that it heard it once. */
        void awaitLine(String line) throws InterruptedException {
            long deadline = System.nanoTime() + SECONDS.toNanos(5);
            while (!lines.containsKey(line)) {
                if (System.nanoTime() > deadline) {
                    fail("the server did not hear \"" + line + "\" within 5 seconds");
                }
                Thread.sleep(5);
            }
            assertEquals(1, lines.get(line).get(), () -> "the server heard \"" + line + "\" more than once");
        }
    }

    /** Collects warnings and errors logged by Netty or by chat-core while a test runs. */
    private static final class Warnings extends Handler implements AutoCloseable {
        private final List<String> logged = new ArrayList<>();

        static Warnings capture() {
            Warnings warnings = new Warnings();
            Logger.getLogger("").addHandler(warnings);
            return warnings;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            String name = String.valueOf(record.getLoggerName());
            if (record.getLevel().intValue() >= Level.WARNING.intValue()
                    && (name.startsWith("io.netty") || name.startsWith("dev.linechat"))) {
                logged.add(record.getLevel() + " " + name + ": " + record.getMessage()
                        + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }
        }

        synchronized void assertNone() {
            assertEquals(List.of(), logged, "warnings logged while under fire");
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }
    }

    /** Something a worker does, which may throw. */
    private interface Work {
        void run(int worker) throws Exception;
    }

    /** Runs the work on {@value #WORKERS} threads at once and rethrows the first failure. */
    private static void runWorkers(Work work) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                running.add(workers.submit(() -> {
                    work.run(worker);
                    return null;
                }));
            }
            for (Future<?> done : running) {
                done.get(60, SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private static Socket open(ChatServer server) throws IOException {
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            raw.setSoTimeout(5000);
            return raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static void send(Socket raw, String text) throws IOException {
        OutputStream out = raw.getOutputStream();
        out.write(text.getBytes(UTF_8));
        out.flush();
    }

    /** Reads until the server closes its side, failing if it does not within five seconds. */
    private static String readToTheEnd(Socket raw, ChatServer server) throws IOException {
        InputStream in = raw.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + SECONDS.toNanos(5);
        byte[] chunk = new byte[4096];
        try {
            // A room keeps talking to its members, so the socket's own timeout alone would never fire.
            for (int n; (n = in.read(chunk)) >= 0 && System.nanoTime() < deadline; ) {
                received.write(chunk, 0, n);
            }
            if (System.nanoTime() < deadline) {
                return received.toString(UTF_8);
            }
        } catch (SocketTimeoutException e) {
            // told below
        }
        throw new AssertionError("the server did not close " + raw.getLocalSocketAddress() + " within 5 seconds;"
                + " received \"" + received.toString(UTF_8) + "\"; open sessions: " + server.sessions());
    }

    /** Waits up to ten seconds for the condition. */
    private static void await(BooleanSupplier condition, Supplier<String> otherwise) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(otherwise.get());
            }
            Thread.sleep(10);
        }
    }

    /** The number of files this process has open, or -1 where {@code /proc} cannot tell. */
    private static long openFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> open = Files.list(fds)) {
            return open.count();
        }
    }
}
