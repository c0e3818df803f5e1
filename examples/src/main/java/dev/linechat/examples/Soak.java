package dev.linechat.examples;

import dev.linechat.ChatServer;
import dev.linechat.ServerMode;
import dev.linechat.pipeline.ChatInitializer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A soak test of a chat server over loopback: many clients send numbered lines through a {@link ChatServer}
 * in {@link ServerMode#ROOM room} or {@link ServerMode#ECHO echo} mode, and every line received is counted
 * and checked.
 *
 * <p>Every line names its sender and its number, followed by filler that depends on both, so a receiver
 * checks its content and that each sender's lines arrive in order, once. In echo mode a line comes back to
 * its sender; in a room it goes to every other client, so each line sent is {@code clients - 1}
 * deliveries. The clients share one Netty event loop group, as a load generator would, rather than run a
 * {@code ChatClient} (and a thread) each. Each sender keeps at most {@code --window} lines in flight: a line
 * leaves the window once it has reached one chosen receiver, its witness, so that the server never has to
 * queue much for readers, which read as fast as they can.
 *
 * <pre>
 * ./mvnw -q -pl examples -am test-compile exec:java -Dexample=Soak -Dexec.args="--mode echo --clients 1000 --lines 1000"
 * </pre>
 *
 * <p>It prints lines sent, deliveries expected, received, lost, duplicated or out of order, and corrupted,
 * with the time taken, and exits 1 if anything was lost, repeated, reordered or corrupted (2 for a usage
 * error). Each client is a socket at both ends: allow about twice as many open files as clients.
 */
public final class Soak {

    private static final String FILLER = "abcdefghijklmnopqrstuvwxyz0123456789äöüéß€";

    private Soak() {
    }

    /**
     * What to run.
     *
     * @param mode {@link ServerMode#ROOM} or {@link ServerMode#ECHO}
     * @param clients how many clients connect
     * @param senders how many of them send (the first ones); in echo mode usually all
     * @param lines how many lines each sender sends
     * @param port the server's port, 0 for any free one
     * @param window how many of a sender's lines may be on their way at once; by default at most 64, and
     *     fewer when many senders in a room would otherwise leave more than a million deliveries queued
     * @param threads the clients' event loop threads, 0 for Netty's default
     * @param stall how long without a single line received before the run is given up
     */
    public record Options(ServerMode mode, int clients, int senders, int lines, int port, int window, int threads,
            Duration stall) {

        /** Checks the options. */
        public Options {
            if (mode != ServerMode.ROOM && mode != ServerMode.ECHO) {
                throw new IllegalArgumentException("--mode must be room or echo, not " + mode);
            }
            if (clients < (mode == ServerMode.ROOM ? 2 : 1)) {
                throw new IllegalArgumentException("--clients must be at least " + (mode == ServerMode.ROOM ? 2 : 1));
            }
            if (senders < 1 || senders > clients) {
                throw new IllegalArgumentException("--senders must be between 1 and --clients (" + clients + ")");
            }
            if (lines < 1 || window < 1 || threads < 0 || port < 0 || port > 65535) {
                throw new IllegalArgumentException("--lines and --window must be positive, --threads and --port valid");
            }
        }

        /**
         * Reads the options from the command line: {@code --mode room|echo}, {@code --clients N},
         * {@code --senders N} (default: every client), {@code --lines N}, {@code --port N},
         * {@code --window N}, {@code --threads N}, {@code --stall SECONDS}.
         *
         * @param args the arguments
         * @return the options
         * @throws IllegalArgumentException if an option is unknown, lacks its value or is invalid
         */
        public static Options parse(String... args) {
            ServerMode mode = ServerMode.ECHO;
            int clients = 100;
            int senders = -1;
            int lines = 100;
            int port = 0;
            int window = -1;
            int threads = 0;
            int stall = 30;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + option);
                }
                String value = args[++i];
                switch (option) {
                    case "--mode" -> mode = switch (value) {
                        case "room" -> ServerMode.ROOM;
                        case "echo" -> ServerMode.ECHO;
                        default -> throw new IllegalArgumentException("--mode must be room or echo, not " + value);
                    };
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--senders" -> senders = Integer.parseInt(value);
                    case "--lines" -> lines = Integer.parseInt(value);
                    case "--port" -> port = Integer.parseInt(value);
                    case "--window" -> window = Integer.parseInt(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--stall" -> stall = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option: " + option);
                }
            }
            senders = senders < 0 ? clients : senders;
            if (window < 0) {
                long fanOut = mode == ServerMode.ROOM ? clients - 1 : 1;
                window = (int) Math.max(1, Math.min(64, 1_000_000 / Math.max(1, senders * fanOut)));
            }
            return new Options(mode, clients, senders, lines, port, window, threads, Duration.ofSeconds(stall));
        }

        /** Each line sent reaches this many clients. */
        int fanOut() {
            return mode == ServerMode.ROOM ? clients - 1 : 1;
        }
    }

    /**
     * What a run counted.
     *
     * @param options what was run
     * @param sent lines written by the senders
     * @param expected deliveries the lines sent should have made
     * @param received soak lines received, in order or not
     * @param inOrder lines received that were the next one expected from their sender
     * @param disordered lines received twice, or after a later line of the same sender
     * @param corrupted lines received that were not soak lines as sent
     * @param failures connections that failed
     * @param setupNanos time taken to connect every client (and, in a room, to see it welcomed)
     * @param elapsedNanos time from the first line sent to the last line received
     */
    public record Report(Options options, long sent, long expected, long received, long inOrder, long disordered,
            long corrupted, long failures, long setupNanos, long elapsedNanos) {

        /**
         * Returns the deliveries that never arrived.
         *
         * @return expected deliveries minus the lines received in order
         */
        public long lost() {
            return expected - inOrder;
        }

        /**
         * Tells whether every line planned was sent and every delivery arrived once, in order, intact.
         *
         * @return {@code true} for a clean run
         */
        public boolean clean() {
            long planned = (long) options.senders() * options.lines();
            return sent == planned && lost() == 0 && disordered == 0 && corrupted == 0 && failures == 0;
        }

        /**
         * Formats the figures, one per line.
         *
         * @return the report
         */
        public String format() {
            double seconds = elapsedNanos / 1e9;
            return String.format(Locale.ROOT, String.join("%n",
                    "mode                  %s",
                    "clients               %d (%d sending %d lines each, window %d)",
                    "lines sent            %d",
                    "deliveries expected   %d",
                    "received              %d",
                    "lost                  %d",
                    "duplicated/reordered  %d",
                    "corrupted             %d",
                    "failed connections    %d",
                    "setup                 %.3f s",
                    "elapsed               %.3f s",
                    "throughput            %.0f lines/s sent, %.0f lines/s received",
                    "result                %s"),
                    options.mode().name().toLowerCase(Locale.ROOT), options.clients(), options.senders(),
                    options.lines(), options.window(), sent, expected, received, lost(), disordered, corrupted,
                    failures, setupNanos / 1e9, seconds, sent / seconds, received / seconds,
                    clean() ? "OK" : "FAILED");
        }
    }

    /**
     * Runs the soak with the options and prints its report; exits 1 unless the run was clean, 2 for a
     * usage error.
     *
     * @param args the options, see {@link Options#parse}
     * @throws InterruptedException if interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Soak: " + e.getMessage());
            System.err.println("usage: Soak [--mode room|echo] [--clients N] [--senders N] [--lines N] [--port N]"
                    + " [--window N] [--threads N] [--stall SECONDS]");
            System.exit(2);
            return;
        }
        Report report = run(options, System.err);
        System.out.println(report.format());
        System.exit(report.clean() ? 0 : 1);
    }

    /**
     * Starts a server, runs the clients against it and closes everything.
     *
     * @param options what to run
     * @param progress receives a progress line every few seconds, or {@code null}
     * @return what was counted
     * @throws InterruptedException if interrupted while running
     */
    public static Report run(Options options, PrintStream progress) throws InterruptedException {
        Tally tally = new Tally(options);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(),
                new DefaultThreadFactory("soak-client"), NioIoHandler.newFactory());
        try (ChatServer server = ChatServer.builder().port(options.port()).mode(options.mode()).start()) {
            if (progress != null) {
                progress.println("soak: " + options + " against " + server);
            }
            long setupStart = System.nanoTime();
            connectAll(options, tally, group, server);
            long start = System.nanoTime();
            for (int c = 0; c < options.senders(); c++) {
                tally.client(c).start();
            }
            awaitDeliveries(options, tally, progress, start);
            long end = tally.lastReceived(start);
            long sent = 0;
            for (int c = 0; c < options.senders(); c++) {
                sent += tally.client(c).sent();
            }
            return new Report(options, sent, sent * options.fanOut(), tally.received.sum(), tally.inOrder.sum(),
                    tally.disordered.sum(), tally.corrupted.sum(), tally.failures.sum(), start - setupStart,
                    end - start);
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
            tally.firstProblems().forEach(problem -> {
                if (progress != null) {
                    progress.println("soak: " + problem);
                }
            });
        }
    }

    /** Connects every client, in batches, and waits until all are connected (and welcomed to the room). */
    private static void connectAll(Options options, Tally tally, EventLoopGroup group, ChatServer server)
            throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .remoteAddress(server.address());
        for (int first = 0; first < options.clients(); first += 100) {
            List<ChannelFuture> batch = new ArrayList<>();
            for (int c = first; c < Math.min(options.clients(), first + 100); c++) {
                SoakClient client = new SoakClient(c, tally);
                tally.add(c, client);
                batch.add(bootstrap.clone().handler(ChatInitializer.client(() -> client)).connect());
            }
            for (ChannelFuture connected : batch) {
                if (!connected.awaitUninterruptibly().isSuccess()) {
                    throw new IllegalStateException("cannot connect: " + connected.cause(), connected.cause());
                }
            }
        }
        if (!tally.ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients not ready within 60 seconds: " + tally.ready.getCount() + " missing");
        }
    }

    /** Waits until every delivery has arrived, or nothing has for the stall timeout. */
    private static void awaitDeliveries(Options options, Tally tally, PrintStream progress, long start)
            throws InterruptedException {
        long planned = (long) options.senders() * options.lines() * options.fanOut();
        long lastCount = -1;
        long lastChange = System.nanoTime();
        long lastReport = lastChange;
        while (tally.received.sum() + tally.corrupted.sum() < planned && tally.failures.sum() == 0) {
            Thread.sleep(20);
            long count = tally.received.sum();
            long now = System.nanoTime();
            if (count != lastCount) {
                lastCount = count;
                lastChange = now;
            } else if (now - lastChange > options.stall().toNanos()) {
                if (progress != null) {
                    progress.println("soak: nothing received for " + options.stall().toSeconds() + " s; giving up");
                }
                return;
            }
            if (progress != null && now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                lastReport = now;
                progress.printf(Locale.ROOT, "soak: %.0f s, %d of %d deliveries%n", (now - start) / 1e9, count, planned);
            }
        }
    }

    /**
     * Returns the line a client sends as its {@code number}th.
     *
     * @param client the sender
     * @param number the line's number, from 0
     * @return the line
     */
    static String line(int client, int number) {
        return "soak " + client + " " + number + " " + filler(client, number);
    }

    /** Text that depends on the sender and the number, with a few non-ASCII characters. */
    static String filler(int client, int number) {
        int from = (client * 7 + number) % FILLER.length();
        int length = 1 + (client + number * 13) % 24;
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(FILLER.charAt((from + i) % FILLER.length()));
        }
        return text.toString();
    }

    /** The counts every client adds to, and what the clients need to know about each other. */
    static final class Tally {
        private final Options options;
        private final SoakClient[] clients;
        private final CountDownLatch ready;
        final LongAdder received = new LongAdder();
        final LongAdder inOrder = new LongAdder();
        final LongAdder disordered = new LongAdder();
        final LongAdder corrupted = new LongAdder();
        final LongAdder failures = new LongAdder();
        private volatile long lastReceivedAt; // written by every client thread: roughly the last
        private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

        Tally(Options options) {
            this.options = options;
            this.clients = new SoakClient[options.clients()];
            // Echo: connected is ready. Room: welcomed, which means a member whom every later line reaches.
            this.ready = new CountDownLatch(options.clients());
        }

        int clients() {
            return options.clients();
        }

        int lines() {
            return options.lines();
        }

        int window() {
            return options.window();
        }

        boolean room() {
            return options.mode() == ServerMode.ROOM;
        }

        SoakClient client(int id) {
            return clients[id];
        }

        void add(int id, SoakClient client) {
            clients[id] = client;
        }

        /** The client whose receipt of a sender's line frees a place in the sender's window. */
        int witnessOf(int sender) {
            return room() ? (sender + 1) % clients.length : sender;
        }

        void connected(SoakClient client) {
            if (!room()) {
                ready.countDown();
            }
        }

        void welcomed() {
            if (room()) {
                ready.countDown();
            }
        }

        void inOrder() {
            inOrder.increment();
            counted();
        }

        void disordered() {
            disordered.increment();
            counted();
        }

        private void counted() {
            received.increment();
            lastReceivedAt = System.nanoTime();
        }

        void corrupted(String line) {
            corrupted.increment();
            problem("corrupted line: " + line);
        }

        void failed(int client, Throwable cause) {
            failures.increment();
            problem("client " + client + " failed: " + cause);
        }

        long lastReceived(long orElse) {
            long at = lastReceivedAt;
            return at == 0 ? orElse : at;
        }

        private void problem(String text) {
            if (problems.size() < 10) {
                problems.add(text);
            }
        }

        List<String> firstProblems() {
            return List.copyOf(problems);
        }
    }
}
