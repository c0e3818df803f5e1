package dev.linechat.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.linechat.LineInbox;
import dev.linechat.cluster.FirstWords;
import dev.linechat.cluster.TestRedis;
import dev.linechat.testing.LaunchedApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three {@code chat serve --mode room --cluster} processes on one Redis, ten members on each. Every
 * member sends numbered lines, and every other member must hear each of them once, in order, under
 * the sender's name: on a quiet day, while Redis drops the links' connections, and while Redis stops
 * answering for a while.
 *
 * <p>Some 30,000 entries pass through the room's stream in each test. If Redis trims the stream
 * shorter than that ({@code XADD MAXLEN}) while a server's reader is behind, the reader loses lines,
 * and the test fails with the losses its members were told about.
 */
class ClusterEndToEndIT {

    private static final int SERVERS = 3;
    private static final int MEMBERS_PER_SERVER = 10;
    private static final int LINES = 1_000;
    private static final String MODE_ROOM = " Mode: room.";
    /** The Redis Stream of {@code chat serve}'s room. */
    private static final String STREAM = "room:lobby";
    private static final String PROBE = "probe";
    /** How the probe's lines, {@code t<nanoTime>}, reach the other members. */
    private static final String PROBE_LINE = "<" + PROBE + "> t";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Delivery that makes no progress at all for this long is given up. */
    private static final Duration STALL = Duration.ofSeconds(10);
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    @Test
    void everyMemberHearsEveryOtherMemberOnceInOrder() throws Exception {
        try (Cluster cluster = Cluster.start()) {
            Delivery delivery = cluster.exchange(Duration.ZERO);
            System.out.println("cluster: " + delivery.figure());
            delivery.assertComplete();
        }
    }

    @Test
    void killedRedisConnectionsLoseAndRepeatNothing() throws Exception {
        try (Cluster cluster = Cluster.start()) {
            AtomicLong pubSub = new AtomicLong();
            AtomicLong normal = new AtomicLong();
            Delivery delivery;
            try (Script killer = Script.start("redis-client-killer", () -> {
                for (int round = 0; round < 5; round++) {
                    Thread.sleep(500);
                    // The links use normal connections (XADD, and XREAD BLOCK on a second one), not
                    // pub/sub; both types are killed so that the test keeps its teeth if that changes.
                    pubSub.addAndGet(cluster.killClients("pubsub"));
                    normal.addAndGet(cluster.killClients("normal"));
                }
            })) {
                delivery = cluster.exchange(Duration.ofSeconds(3));
                killer.await();
            }
            System.out.println("cluster, " + normal + " normal and " + pubSub + " pub/sub connections killed: "
                    + delivery.figure() + delivery.notices());
            delivery.assertComplete();
            assertTrue(normal.get() > 0, "CLIENT KILL found no connection: the links were never cut");
        }
    }

    @Test
    void pausedRedisHoldsBackOnlyTheLinesOfOtherServers() throws Exception {
        try (Cluster cluster = Cluster.start(); Probe probe = cluster.probe()) {
            long[] pause = new long[2];
            long start = System.nanoTime();
            Delivery delivery;
            try (Script pauser = Script.start("redis-pauser", () -> {
                Thread.sleep(1_500);
                pause[0] = System.nanoTime();
                cluster.redis.pause();
                Thread.sleep(3_000);
                cluster.redis.resume();
                pause[1] = System.nanoTime();
                probe.stop(); // it has measured what it is for, and every line of it is 31 more deliveries
            })) {
                delivery = cluster.exchange(Duration.ofSeconds(6));
                pauser.await();
            }
            probe.awaitHeard();
            Latencies before = probe.sentBetween(start, pause[0]);
            Latencies during = probe.sentBetween(pause[0], pause[1]);
            System.out.println("cluster, Redis paused for " + millis(pause[1] - pause[0]) + ": " + delivery.figure()
                    + delivery.notices());
            System.out.println("cluster, local latency before the pause: " + before + "; during the pause: " + during);
            delivery.assertComplete();
            assertTrue(during.sent() >= 50, () -> "the probe hardly spoke during the pause: " + during);
            assertEquals(during.sent(), during.received(), () -> "probe lines lost on their own server: " + during);
            // Only a bound that a line waiting for Redis could not meet: the machine is shared and noisy.
            assertTrue(during.percentile(99) < TimeUnit.SECONDS.toNanos(1),
                    () -> "local lines waited for Redis during the pause: " + during);
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** Waits a while for a thread of this test to end, for a close() that must not throw. */
    private static void join(Thread thread) {
        try {
            thread.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The servers, their Redis, and their members. */
    private static final class Cluster implements AutoCloseable {
        final TestRedis redis;
        private final List<LaunchedApp> servers = new ArrayList<>();
        private final List<Integer> ports = new ArrayList<>();
        private final List<Member> members = new ArrayList<>();
        private final List<Peer> others = new ArrayList<>();

        private Cluster(TestRedis redis) {
            this.redis = redis;
        }

        /** Starts Redis and the servers, connects the members and waits until every server hears every other. */
        static Cluster start() throws Exception {
            Cluster cluster = new Cluster(TestRedis.start());
            try {
                cluster.launch();
                cluster.join();
                List<Consumer<String>> speakers = new ArrayList<>();
                List<LineInbox> listeners = new ArrayList<>();
                for (int server = 0; server < SERVERS; server++) {
                    speakers.add(cluster.members.get(server * MEMBERS_PER_SERVER).peer()::say);
                    listeners.add(cluster.members.get(server * MEMBERS_PER_SERVER + 1).tally().inbox);
                }
                FirstWords.untilAllHear(speakers, listeners);
                return cluster;
            } catch (Throwable e) {
                cluster.close();
                throw e;
            }
        }

        private void launch() throws Exception {
            String uri = "redis://127.0.0.1:" + redis.port();
            for (int server = 0; server < SERVERS; server++) { // one after the other: three JVMs booting at once can be slow
                LaunchedApp app = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--cluster", uri);
                servers.add(app);
                ports.add(app.out.expectServerStarted("127.0.0.1", MODE_ROOM));
            }
        }

        private void join() throws IOException {
            int count = SERVERS * MEMBERS_PER_SERVER;
            for (int index = 0; index < count; index++) {
                int server = index / MEMBERS_PER_SERVER;
                Tally tally = new Tally(index, count);
                Peer peer = Peer.connect(ports.get(server), tally::hear, "c" + index);
                String welcome = tally.inbox.await(line -> line.startsWith("* welcome, "), WAIT);
                String name = welcome.substring("* welcome, ".length(), welcome.indexOf(';'));
                members.add(new Member(index, server, name, peer, tally));
            }
        }

        /**
         * Has every member send {@value #LINES} numbered lines, one round of a line each at a time,
         * the rounds spread evenly over {@code spread} (zero: as fast as they go), and waits until
         * every member has heard every line or delivery stalls.
         */
        Delivery exchange(Duration spread) throws InterruptedException, IOException {
            String[] prefixes = members.stream().map(m -> "<" + m.name() + "> ").toArray(String[]::new);
            for (Member member : members) {
                member.tally().count(prefixes);
                member.tally().inbox.drain(); // the warm-up's lines; what arrives from now on is counted
            }
            long start = System.nanoTime();
            long perRound = spread.toNanos() / LINES;
            for (int n = 1; n <= LINES; n++) {
                for (Member member : members) {
                    member.peer().say("c" + member.index() + " " + n);
                }
                if (perRound > 0) {
                    LockSupport.parkNanos(start + n * perRound - System.nanoTime());
                }
            }
            awaitEveryLine();
            long end = Math.max(start, members.stream().mapToLong(m -> m.tally().lastHeardAt()).max().orElseThrow());
            Thread.sleep(300); // a duplicate that comes late is still caught
            return new Delivery(List.copyOf(members), end - start, stream());
        }

        /** Tells how much of the room's stream Redis kept: XADD MAXLEN trims what a slow reader has not read yet. */
        private String stream() throws IOException {
            Object reply = redis.command("XINFO", "STREAM", STREAM);
            if (!(reply instanceof List<?> fields)) {
                return "XINFO STREAM " + STREAM + " answered " + reply;
            }
            Map<Object, Object> info = new TreeMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                info.put(fields.get(i), fields.get(i + 1));
            }
            return STREAM + " keeps " + info.get("length") + " of the " + info.get("entries-added") + " entries added";
        }

        private void awaitEveryLine() throws InterruptedException {
            long now = System.nanoTime();
            long giveUp = now + GIVE_UP.toNanos();
            long lastChange = now;
            long lastTotal = -1;
            while (!members.stream().allMatch(m -> m.tally().complete()) && now < giveUp) {
                long total = members.stream().mapToLong(m -> m.tally().heard()).sum();
                if (total != lastTotal) {
                    lastTotal = total;
                    lastChange = now;
                } else if (now - lastChange > STALL.toNanos()) {
                    return;
                }
                Thread.sleep(20);
                now = System.nanoTime();
            }
        }

        /** Runs {@code CLIENT KILL TYPE type} and returns how many connections Redis closed. */
        long killClients(String type) throws Exception {
            Object reply = redis.command("CLIENT", "KILL", "TYPE", type);
            if (!(reply instanceof Long killed)) {
                throw new AssertionError("CLIENT KILL TYPE " + type + " answered " + reply);
            }
            return killed;
        }

        /** Connects a member named {@value #PROBE} to the first server, heard by the first member there. */
        Probe probe() throws IOException {
            LineInbox inbox = new LineInbox();
            AtomicBoolean named = new AtomicBoolean();
            Peer speaker = Peer.connect(ports.get(0), line -> {
                if (!named.get()) { // then it hears the whole room, and needs none of it
                    inbox.onLine(null, line);
                }
            }, PROBE);
            others.add(speaker);
            speaker.say("/nick " + PROBE);
            inbox.await(line -> line.endsWith(" is now known as " + PROBE), WAIT);
            named.set(true);
            Tally listening = members.get(0).tally();
            listening.timeProbes();
            return new Probe(speaker, listening);
        }

        @Override
        public void close() throws IOException {
            for (Member member : members) {
                member.peer().close();
            }
            for (Peer other : others) {
                other.close();
            }
            servers.forEach(LaunchedApp::terminate);
            List<AssertionError> problems = new ArrayList<>();
            for (LaunchedApp server : servers) {
                try {
                    server.awaitExit();
                } catch (AssertionError e) {
                    // Lettuce logs a warning that names the exception when Redis drops a connection,
                    // which is what some tests make it do; leaks and stack traces are still failures.
                    if (server.err().contains("LEAK:") || server.err().contains("\tat ")) {
                        problems.add(e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // close() below still stops it, forcibly
                } finally {
                    server.close();
                }
            }
            redis.close();
            if (!problems.isEmpty()) {
                AssertionError first = problems.get(0);
                problems.stream().skip(1).forEach(first::addSuppressed);
                throw first;
            }
        }
    }

    /** One member: its index in the cluster (the {@code k} of its lines {@code c<k> <n>}), its connection and its ears. */
    private record Member(int index, int server, String name, Peer peer, Tally tally) {
    }

    /**
     * A member's connection as a plain socket, whose lines a thread of its own hands to a consumer:
     * at tens of thousands of lines per member, much cheaper than a client with a pipeline.
     */
    private static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final Thread reader;

        private Peer(Socket socket, Consumer<String> hearing, String name) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            this.reader = new Thread(() -> read(in, hearing), "cluster-e2e-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        static Peer connect(int port, Consumer<String> hearing, String name) throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
                socket.setTcpNoDelay(true);
                return new Peer(socket, hearing, name);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        /** Sends one line, terminated with LF as the wire format wants, whatever this platform's separator. */
        void say(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot send \"" + line + "\"", e);
            }
        }

        /** Splits what arrives at each LF; a CR stays in the line, where the check would trip over it. */
        private static void read(InputStream in, Consumer<String> hearing) {
            byte[] buffer = new byte[16 * 1024];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            line.write(buffer, start, i - start);
                            hearing.accept(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                            start = i + 1;
                        }
                    }
                    line.write(buffer, start, n - start);
                }
            } catch (IOException closed) {
                // closed by close(), or by the server
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            join(reader);
        }
    }

    /**
     * What one member hears. Until {@link #count} it keeps every line in an inbox, for the warm-up;
     * from then on it checks the numbered lines as they arrive instead of keeping tens of thousands
     * of them.
     */
    private static final class Tally {
        /** Notices that say nothing about delivery. */
        private static final Pattern ROUTINE = Pattern.compile("\\* \\S+ (joined|left|is now known as \\S+)");
        private static final int EXAMPLES = 5;

        final LineInbox inbox = new LineInbox();
        private final int self;
        private final int expected;
        private final int[] next;
        private final BitSet[] seen;
        private final AtomicInteger heard = new AtomicInteger();
        private final List<String> examples = new ArrayList<>();
        private final Map<String, Integer> notices = new TreeMap<>();
        private volatile boolean counting;
        private volatile long lastHeardAt;
        private volatile Map<Long, Long> probeLatencies; // sent at -> took, both in nanos
        private String[] prefixes;
        private long duplicates;
        private long outOfOrder;
        private long unexpected;

        Tally(int self, int members) {
            this.self = self;
            this.expected = (members - 1) * LINES;
            this.next = new int[members];
            this.seen = new BitSet[members];
            Arrays.fill(next, 1);
            Arrays.setAll(seen, i -> new BitSet(LINES + 1));
        }

        synchronized void count(String[] namePrefixes) {
            prefixes = namePrefixes;
            counting = true;
        }

        void timeProbes() {
            probeLatencies = new ConcurrentHashMap<>();
        }

        /** Takes one line, on the thread that reads the member's socket. */
        void hear(String line) {
            long now = System.nanoTime();
            if (line.startsWith(PROBE_LINE)) {
                Map<Long, Long> latencies = probeLatencies;
                if (latencies != null) {
                    long sent = Long.parseLong(line, PROBE_LINE.length(), line.length(), 10);
                    latencies.put(sent, now - sent);
                }
            } else if (counting) {
                check(line, now);
            } else {
                inbox.onLine(null, line); // the inbox has no use for a session
            }
        }

        private synchronized void check(String line, long now) {
            if (line.startsWith("* ")) {
                if (!ROUTINE.matcher(line).matches()) {
                    notices.merge(line, 1, Integer::sum);
                }
                return;
            }
            int nameEnd = line.indexOf("> ");
            String text = nameEnd < 0 ? line : line.substring(nameEnd + 2);
            if (text.startsWith("hello from server ")) {
                return; // a retry of the warm-up, late
            }
            int space = text.indexOf(' ');
            int sender;
            int n;
            try {
                sender = Integer.parseInt(text, 1, space, 10);
                n = Integer.parseInt(text, space + 1, text.length(), 10);
            } catch (RuntimeException notOurs) {
                unexpected++;
                problem("unexpected line: " + line);
                return;
            }
            if (!text.startsWith("c") || sender < 0 || sender >= next.length || sender == self || n < 1 || n > LINES
                    || !line.startsWith(prefixes[sender])) {
                unexpected++;
                problem(sender == self ? "heard its own line: " + line : "unexpected line: " + line);
                return;
            }
            if (seen[sender].get(n)) {
                duplicates++;
                problem("duplicate: " + line);
                return;
            }
            seen[sender].set(n);
            if (n != next[sender]) {
                outOfOrder++;
                problem("out of order: " + line + " where " + next[sender] + " was due");
            }
            next[sender] = Math.max(next[sender], n + 1);
            heard.incrementAndGet();
            lastHeardAt = now;
        }

        private synchronized void problem(String example) {
            if (examples.size() < EXAMPLES) {
                examples.add(example);
            }
        }

        int heard() {
            return heard.get();
        }

        boolean complete() {
            return heard.get() == expected;
        }

        /** When the last numbered line arrived, in nanoTime. */
        long lastHeardAt() {
            return lastHeardAt;
        }

        Map<Long, Long> probeLatencies() {
            return probeLatencies;
        }

        /** The numbers of {@code sender}'s lines not heard, as ranges such as {@code 12-15, 40}. */
        synchronized List<String> missing(int sender) {
            List<String> ranges = new ArrayList<>();
            BitSet heardFrom = seen[sender];
            for (int from = heardFrom.nextClearBit(1); from <= LINES; ) {
                int to = heardFrom.nextSetBit(from);
                int last = (to < 0 ? LINES + 1 : to) - 1;
                ranges.add(last == from ? "" + from : from + "-" + last);
                from = heardFrom.nextClearBit(last + 1);
            }
            return ranges;
        }

        synchronized long missingCount(int sender) {
            return LINES - seen[sender].cardinality();
        }

        synchronized String mishaps() {
            return duplicates == 0 && outOfOrder == 0 && unexpected == 0 ? ""
                    : duplicates + " duplicated, " + outOfOrder + " out of order, " + unexpected + " unexpected, such as "
                            + examples;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized long outOfOrder() {
            return outOfOrder;
        }

        synchronized Map<String, Integer> notices() {
            return new TreeMap<>(notices);
        }
    }

    /**
     * What the members heard in one exchange, how long it took until the last line arrived, and what
     * was left of the stream.
     */
    private record Delivery(List<Member> members, long nanos, String stream) {

        long expected() {
            return (long) members.size() * (members.size() - 1) * LINES;
        }

        long deliveries() {
            return members.stream().mapToLong(m -> m.tally().heard()).sum();
        }

        String figure() {
            double seconds = nanos / 1e9;
            return String.format(Locale.ROOT, "%d clients x %d lines, %d deliveries in %.1f s = %.0f lines/s (%s)",
                    members.size(), LINES, deliveries(), seconds, deliveries() / seconds, stream);
        }

        /** The notices the members heard, other than joins and renames, with how many times each was heard. */
        String notices() {
            Map<String, Integer> all = new TreeMap<>();
            members.forEach(m -> m.tally().notices().forEach((notice, times) -> all.merge(notice, times, Integer::sum)));
            String shown = all.entrySet().stream().limit(12)
                    .map(e -> e.getValue() + " x \"" + e.getKey() + "\"")
                    .collect(Collectors.joining("; ", "; notices: ", ""));
            return all.isEmpty() ? "" : all.size() <= 12 ? shown : shown + "; and " + (all.size() - 12) + " other notices";
        }

        void assertComplete() {
            long missing = 0;
            long duplicated = 0;
            long outOfOrder = 0;
            List<String> details = new ArrayList<>();
            for (Member receiver : members) {
                Tally tally = receiver.tally();
                duplicated += tally.duplicates();
                outOfOrder += tally.outOfOrder();
                for (Member sender : members) {
                    if (sender != receiver && tally.missingCount(sender.index()) > 0) {
                        missing += tally.missingCount(sender.index());
                        details.add(label(receiver) + " misses " + tally.missingCount(sender.index()) + " lines of "
                                + label(sender) + ": " + abbreviate(tally.missing(sender.index())));
                    }
                }
                String mishaps = tally.mishaps();
                if (!mishaps.isEmpty()) {
                    details.add(label(receiver) + ": " + mishaps);
                }
            }
            if (!details.isEmpty()) {
                fail(String.format(Locale.ROOT, "%d deliveries expected, %d made: %d lines missing, %d duplicated,"
                        + " %d out of order%s%n  %s", expected(), deliveries(), missing, duplicated, outOfOrder,
                        notices(), details.stream().limit(30).collect(Collectors.joining("\n  "))));
            }
            assertEquals(expected(), deliveries());
        }

        private static String label(Member member) {
            return "c" + member.index() + " (" + member.name() + " on server " + member.server() + ")";
        }

        private static String abbreviate(List<String> ranges) {
            return ranges.size() <= 5 ? String.join(", ", ranges)
                    : String.join(", ", ranges.subList(0, 5)) + " and " + (ranges.size() - 5) + " more ranges";
        }
    }

    /**
     * A member that says the time every 5 ms, on a thread of its own, while another member of the
     * same server measures how long each line took to reach it.
     */
    private static final class Probe implements AutoCloseable {
        private final Peer speaker;
        private final Tally listener;
        private final List<Long> sent = new ArrayList<>();
        private final Thread ticker;
        private volatile boolean stopped;

        Probe(Peer speaker, Tally listener) {
            this.speaker = speaker;
            this.listener = listener;
            this.ticker = new Thread(this::tick, "cluster-e2e-probe");
            ticker.setDaemon(true);
            ticker.start();
        }

        private void tick() {
            while (!stopped) {
                long now = System.nanoTime();
                synchronized (sent) {
                    sent.add(now);
                }
                speaker.say("t" + now);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        void stop() {
            stopped = true;
            join(ticker);
        }

        /** Gives the last lines a moment to arrive. */
        void awaitHeard() throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (listener.probeLatencies().size() < sentCount() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        private int sentCount() {
            synchronized (sent) {
                return sent.size();
            }
        }

        /** The latencies of the lines sent from {@code from} (inclusive) to {@code to} (exclusive), nanoTime. */
        Latencies sentBetween(long from, long to) {
            List<Long> times;
            synchronized (sent) {
                times = sent.stream().filter(t -> t >= from && t < to).toList();
            }
            Map<Long, Long> latencies = listener.probeLatencies();
            long[] took = times.stream().filter(latencies::containsKey).mapToLong(latencies::get).sorted().toArray();
            return new Latencies(times.size(), took);
        }

        @Override
        public void close() {
            stop();
        }
    }

    /** How long the probe lines sent in a span of time took, sorted. */
    private record Latencies(int sent, long[] nanos) {

        int received() {
            return nanos.length;
        }

        long percentile(int p) {
            return nanos.length == 0 ? Long.MAX_VALUE : nanos[Math.max(0, (int) Math.ceil(p / 100.0 * nanos.length) - 1)];
        }

        @Override
        public String toString() {
            return nanos.length == 0 ? sent + " lines sent, none received"
                    : String.format(Locale.ROOT, "%d lines sent, %d received, p50 %s, p99 %s, max %s",
                            sent, received(), millis(percentile(50)), millis(percentile(99)), millis(nanos[nanos.length - 1]));
        }
    }

    /** Steps that run on a thread of their own while lines flow, such as faults to inject. */
    private static final class Script implements AutoCloseable {
        /** The steps; they may sleep, and end early when interrupted. */
        interface Steps {
            void run() throws Exception;
        }

        private final String name;
        private final Thread thread;
        private volatile Throwable failure;

        private Script(String name, Steps steps) {
            this.name = name;
            this.thread = new Thread(() -> {
                try {
                    steps.run();
                } catch (InterruptedException stopped) {
                    // closed before the end
                } catch (Throwable e) {
                    failure = e;
                }
            }, name);
            thread.setDaemon(true);
        }

        static Script start(String name, Steps steps) {
            Script script = new Script(name, steps);
            script.thread.start();
            return script;
        }

        /** Waits for the steps to end, and fails if they did. */
        void await() throws InterruptedException {
            thread.join(WAIT.toMillis());
            assertFalse(thread.isAlive(), () -> name + " is still running");
            if (failure != null) {
                throw new AssertionError(name + " failed", failure);
            }
        }

        @Override
        public void close() {
            thread.interrupt();
            join(thread);
        }
    }
}
