package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A room with two readers, one client that never reads and a fast sender, with the memory of the JVM
 * (server and clients alike) watched throughout: the scenario of the slow-client policy, shared by
 * {@link SlowClientIT} and the {@link SlowClientMemory} program.
 *
 * <p>The readers are {@link ChatClient}s that check each line's number as it arrives and keep
 * nothing. The slow client and the sender are plain sockets: the slow one reads nothing until the
 * sender is done; the sender writes its lines as fast as the server takes them, but, when paced,
 * never more than a window of lines ahead of the slower reader, so that a reader starved of CPU on a
 * loaded machine is not taken for a client that does not read. Memory is sampled every 20 ms: the heap as it was after the last garbage
 * collection (no collection is forced while the lines flow), and the direct memory held by Netty's
 * allocator and by Netty in all.
 */
final class SlowClientScenario {

    /** What one run saw. Memory figures are in bytes. */
    record Result(int lines, int lineBytes, long[] received, String slowLast, int slowLinesRead,
            long elapsedMillis, Memory baseline, Memory peak, Memory after, long[] peakQueued) {

        /** The figures, one per line, for people. */
        String report() {
            return String.format(
                    "%d lines of %d bytes in %d ms; readers got %d and %d lines; the slow client read %d lines, the last: %s%n"
                            + "  heap after GC, MiB: before %.1f, peak %.1f, after %.1f%n"
                            + "  direct (Netty allocator), MiB: before %.1f, peak %.1f, after %.1f%n"
                            + "  direct (Netty, all), MiB: before %.1f, peak %.1f, after %.1f%n"
                            + "  most queued on the server for, KiB: reader1 %.0f, reader2 %.0f, the slow client %.0f"
                            + " (socket backlog plus lines in flight from the sender's I/O thread)",
                    lines, lineBytes, elapsedMillis, received[0], received[1], slowLinesRead, slowLast,
                    mib(baseline.heap), mib(peak.heap), mib(after.heap),
                    mib(baseline.allocatorDirect), mib(peak.allocatorDirect), mib(after.allocatorDirect),
                    mib(baseline.nettyDirect), mib(peak.nettyDirect), mib(after.nettyDirect),
                    peakQueued[0] / 1024.0, peakQueued[1] / 1024.0, peakQueued[2] / 1024.0);
        }

        private static double mib(long bytes) {
            return bytes / (1024.0 * 1024.0);
        }
    }

    /** Memory in use at one moment; {@code -1} where the JVM cannot tell. */
    record Memory(long heap, long allocatorDirect, long nettyDirect) {
        static Memory now() {
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    heap += pool.getCollectionUsage().getUsed(); // as the last collection left it
                }
            }
            long allocator = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metered
                    ? metered.metric().usedDirectMemory()
                    : -1;
            return new Memory(heap, allocator, PlatformDependent.usedDirectMemory());
        }

        /** Memory in use once the garbage has been collected. */
        static Memory settled() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            return now();
        }

        Memory max(Memory other) {
            return new Memory(Math.max(heap, other.heap), Math.max(allocatorDirect, other.allocatorDirect),
                    Math.max(nettyDirect, other.nettyDirect));
        }
    }

    private SlowClientScenario() {
    }

    /**
     * Runs the scenario.
     *
     * @param lines how many lines the sender sends
     * @param lineBytes how long each is on the wire, terminator included (at least 16)
     * @param window how many lines the sender may be ahead of the slower reader; at least 1
     * @param configure adds settings to the room server's builder, such as its water marks
     * @return what was seen
     */
    static Result run(int lines, int lineBytes, int window, UnaryOperator<ChatServer.Builder> configure)
            throws Exception {
        Counter first = new Counter("user4", lines);
        Counter second = new Counter("user4", lines);
        // One connection at a time: names follow the order in which the server sees the connections.
        try (ChatServer server = configure.apply(ChatServer.builder().port(0).mode(ServerMode.ROOM)
                        // Long enough that the slow client's notice is still waiting when the test reads it.
                        .closeTimeout(Duration.ofSeconds(60))).start();
                ChatClient reader1 = ChatClient.builder().port(server.port()).listener(first).connect()) {
            first.awaitNotice("* welcome, user1; /help lists the commands");
            try (ChatClient reader2 = ChatClient.builder().port(server.port()).listener(second).connect()) {
                first.awaitNotice("* user2 joined");
                try (Socket slow = new Socket("127.0.0.1", server.port())) {
                    first.awaitNotice("* user3 joined");
                    try (Socket sender = new Socket("127.0.0.1", server.port())) {
                        first.awaitNotice("* user4 joined");
                        return measure(server, lines, lineBytes, window, first, second, slow, sender);
                    }
                }
            }
        }
    }

    private static Result measure(ChatServer server, int lines, int lineBytes, int window, Counter first,
            Counter second, Socket slow, Socket sender) throws Exception {
        Memory baseline = Memory.settled();
        AtomicReference<Memory> peak = new AtomicReference<>(baseline);
        List<ChatSession> members = server.sessions(); // user1 to user4, oldest first
        AtomicLongArray queued = new AtomicLongArray(3);
        CountDownLatch done = new CountDownLatch(1);
        Thread sampler = new Thread(() -> {
            try {
                while (!done.await(20, TimeUnit.MILLISECONDS)) {
                    peak.accumulateAndGet(Memory.now(), Memory::max);
                    for (int i = 0; i < 3; i++) {
                        queued.accumulateAndGet(i, queuedFor(members.get(i)), Math::max);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        long elapsed;
        try {
            send(sender.getOutputStream(), lines, lineBytes, window, first, second);
            first.awaitAll(Duration.ofSeconds(120));
            second.awaitAll(Duration.ofSeconds(120));
            elapsed = (System.nanoTime() - start) / 1_000_000;
        } finally {
            done.countDown();
            sampler.join();
        }
        peak.accumulateAndGet(Memory.now(), Memory::max);
        Slow seen = readAll(slow, "<user4> " + (lines - 1) + " ");
        Memory after = Memory.settled();
        return new Result(lines, lineBytes, new long[] {first.received(), second.received()},
                seen.last, seen.lines, elapsed, baseline, peak.get(), after,
                new long[] {queued.get(0), queued.get(1), queued.get(2)});
    }

    /** Bytes queued for a client, as Netty counts them: its outbound buffer and writes still in flight. */
    private static long queuedFor(ChatSession member) {
        ChannelOutboundBuffer buffer = member.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes(); // null once closed
    }

    /**
     * Writes numbered lines, {@code 7 xxxxxxx...}, each {@code lineBytes} long with its terminator, in
     * batches of half the window, each sent once the readers are no more than half a window behind.
     */
    private static void send(OutputStream socket, int lines, int lineBytes, int window, Counter... readers)
            throws IOException, InterruptedException {
        OutputStream out = new BufferedOutputStream(socket, 64 * 1024);
        byte[] padding = "x".repeat(lineBytes).getBytes(UTF_8);
        int batch = Math.max(1, window / 2);
        for (int i = 0; i < lines; i++) {
            if (i % batch == 0 && i > 0) {
                out.flush();
                for (Counter reader : readers) {
                    reader.awaitAtLeast(i - batch, Duration.ofSeconds(60));
                }
            }
            byte[] number = (i + " ").getBytes(UTF_8);
            out.write(number);
            out.write(padding, 0, lineBytes - number.length - 1);
            out.write('\n');
        }
        out.flush();
    }

    private record Slow(int lines, String last) {
    }

    /**
     * Reads what the slow client was sent: to the end of the connection, or to the sender's last line
     * if it got them all (then it is still connected), or until 20 seconds of silence.
     */
    private static Slow readAll(Socket slow, String lastLine) throws IOException {
        slow.setSoTimeout(20_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), UTF_8));
        int count = 0;
        String last = null;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                count++;
                last = line;
                if (line.startsWith(lastLine)) {
                    break;
                }
            }
        } catch (IOException e) {
            last = last + " [then " + e + "]";
        }
        return new Slow(count, last);
    }

    /** A reader's listener: checks that the sender's lines arrive whole, all of them, in order. */
    private static final class Counter implements ChatListener {
        private final String prefix;
        private final int expected;
        private final AtomicLong next = new AtomicLong();
        private final BlockingQueue<String> notices = new LinkedBlockingQueue<>();
        private final List<String> wrong = new ArrayList<>();
        private final CountDownLatch all = new CountDownLatch(1);

        Counter(String sender, int expected) {
            this.prefix = "<" + sender + "> ";
            this.expected = expected;
        }

        @Override
        public void onLine(ChatSession session, String line) {
            if (!line.startsWith(prefix)) {
                notices.add(line);
                return;
            }
            int space = line.indexOf(' ', prefix.length());
            long n = Long.parseLong(line.substring(prefix.length(), space));
            if (n != next.get() && wrong.size() < 10) {
                wrong.add("expected line " + next.get() + " but got " + n);
            }
            if (next.incrementAndGet() == expected) {
                all.countDown();
            }
        }

        void awaitNotice(String notice) throws InterruptedException {
            for (String line; (line = notices.poll(5, TimeUnit.SECONDS)) != null; ) {
                if (line.equals(notice)) {
                    return;
                }
            }
            throw new AssertionError("no " + notice + " within 5 seconds");
        }

        void awaitAll(Duration timeout) throws InterruptedException {
            if (!all.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("a reader got " + next.get() + " of " + expected + " lines; " + wrong);
            }
            if (!wrong.isEmpty()) {
                throw new AssertionError("lines out of order: " + wrong);
            }
        }

        /** Waits until this reader has had at least {@code count} of the sender's lines. */
        void awaitAtLeast(long count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (next.get() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("a reader got only " + next.get() + " lines of the first " + count);
                }
                Thread.sleep(1);
            }
        }

        long received() {
            return next.get();
        }
    }
}
