package dev.linechat.bench;

import dev.linechat.bench.Comparison.Figure;
import dev.linechat.bench.Comparison.Row;
import dev.linechat.bench.Comparison.Target;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench compare}: for each scenario of the performance issue, starts a baseline server and
 * {@code chat serve} as processes of their own, one after the other, runs the same load against each
 * from this process, and writes the table of ratios against the targets, with a chart.
 */
@Command(name = "compare", description = "Run every scenario against a baseline and chat serve; write results.md and results.svg.")
final class CompareCommand implements Callable<Integer> {

    static final Pattern BASELINE_READY = Pattern.compile("^listening on .*:(?<port>\\d+)$");
    static final Pattern CHAT_READY = Pattern.compile("Server started on .*:(?<port>\\d+)\\.");
    private static final int SIZE = 64;
    private static final int RECEIVERS = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
            description = "Warm-up before each measurement (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measurement per server and scenario (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--quick", description = "Short runs (2 s warm-up, 2 s measured): a smoke test, not figures to quote.")
    boolean quick;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for results.md and results.svg (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--repo", description = "The repository whose ./chat launcher to run (default: found from this jar).")
    Path repo;

    @Option(names = "--conns", defaultValue = "10000", description = "Idle connections in the memory scenario (default: ${DEFAULT-VALUE}).")
    int conns;

    @Option(names = "--threads", defaultValue = "0", description = "Loader I/O threads; 0 for one per core.")
    int threads;

    private PrintWriter console;

    /** A server to measure: how to start it and what to call it. */
    private record Side(String name, java.util.function.Supplier<ServerProcess> start) {
    }

    /** One load run against a started server. */
    @FunctionalInterface
    private interface Load<R> {
        R run(Loader loader, ServerProcess server) throws InterruptedException;
    }

    /** A run's result with the server CPU time it cost, or why it could not be run. */
    private record Measured<R>(R result, Duration cpu, String error) {
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (duration.isZero()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive");
        }
        if (conns < 1 || conns > LineFormat.MAX_STREAM + 1) {
            throw new ParameterException(spec.commandLine(), "--conns must be between 1 and " + (LineFormat.MAX_STREAM + 1));
        }
        if (threads < 0) {
            throw new ParameterException(spec.commandLine(), "--threads must not be negative");
        }
        console = spec.commandLine().getOut();
        Timing timing = quick
                // A fresh server JVM needs its two seconds of warm-up even for a smoke test: before the
                // JIT has compiled the hot path, the figures are a fraction of the real ones.
                ? new Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
                : new Timing(warmup, duration, Duration.ofSeconds(5));
        Duration settle = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2);
        Path launcher = (repo != null ? repo : findRepo()).resolve("chat");
        if (!Files.isExecutable(launcher)) {
            throw new LoadException("no executable chat launcher at " + launcher + "; pass --repo");
        }
        Side byteBuf = baseline(BaselineKind.NETTY_BYTEBUF);
        Side chatEcho = chat(launcher, "echo");
        boolean ncat = onPath("ncat");
        Side fanoutBase = ncat ? ncat() : baseline(BaselineKind.NETTY_GROUP);
        Prefix fanoutPrefix = ncat ? Prefix.NONE : Prefix.STRICT;

        Comparison comparison = new Comparison();
        List<Chart.Bars> throughput = new ArrayList<>();
        List<LoadResult> pingPong = new ArrayList<>();
        try (Loader loader = new Loader(threads)) {
            Row echo1 = throughputRow(loader, "echo, 1 conn x 1000 in flight", byteBuf, chatEcho,
                    (l, s) -> new EchoLoad("127.0.0.1", s.port(), 1, 1000, SIZE, timing).run(l));
            Row echo100 = throughputRow(loader, "echo, 100 conns x 100 in flight", byteBuf, chatEcho,
                    (l, s) -> new EchoLoad("127.0.0.1", s.port(), 100, 100, SIZE, timing).run(l));
            Row latency = latencyRow(loader, byteBuf, chatEcho, timing, pingPong);
            Row fanout = fanoutRow(loader, fanoutBase, chat(launcher, "room"), fanoutPrefix, timing);
            Row memory = connsRow(loader, byteBuf, chatEcho, settle);
            List.of(echo1, echo100, latency, fanout, memory).forEach(comparison::add);
            throughput.add(bars("echo 1 x 1000", echo1));
            throughput.add(bars("echo 100 x 100", echo100));
            throughput.add(bars("fan-out x " + RECEIVERS, fanout));
        }
        comparison.note(ncat
                ? "Fan-out baseline: `ncat --chat` (found on the PATH); it prefixes once per read chunk, so its"
                        + " lines were checked with `--prefix none`, chat's with `--prefix strict`."
                : "Fan-out baseline: the netty-group ChannelGroup server (`ncat` is not on the PATH).");
        comparison.note("Ratios are chat / baseline. Throughput: higher is better; latency and memory: lower is better.");

        String header = header(timing);
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), comparison.markdown(header));
        Files.writeString(out.resolve("results.svg"), Chart.svg(throughput, percentiles(pingPong.get(0), pingPong.get(1)),
                "Ping-pong latency (us, log scale), vs " + byteBuf.name()));
        console.println();
        console.print(comparison.table());
        console.println();
        console.print(comparison.cpuTable());
        console.println();
        console.println("Wrote " + out.resolve("results.md") + " and " + out.resolve("results.svg"));
        List<String> failures = comparison.failures();
        if (!failures.isEmpty()) {
            spec.commandLine().getErr().println("FAILED: " + failures.size() + " run(s) failed; first: " + failures.get(0));
            return 1;
        }
        return 0;
    }

    private Row throughputRow(Loader loader, String scenario, Side base, Side chat, Load<LoadResult> load) {
        Measured<LoadResult> b = measure(loader, scenario, base, load);
        Measured<LoadResult> c = measure(loader, scenario, chat, load);
        return new Row(scenario, base.name(), throughput(b), throughput(c), Target.ratioAtLeast(0.9));
    }

    private Row latencyRow(Loader loader, Side base, Side chat, Timing timing, List<LoadResult> keep) {
        String scenario = "ping-pong p99, 1 conn";
        Load<LoadResult> load = (l, s) -> new EchoLoad("127.0.0.1", s.port(), 1, 1, SIZE, timing).run(l);
        Measured<LoadResult> b = measure(loader, scenario, base, load);
        Measured<LoadResult> c = measure(loader, scenario, chat, load);
        keep.add(b.result());
        keep.add(c.result());
        return new Row(scenario, base.name(), p99(b), p99(c), Target.ratioAtMost(1.2));
    }

    private Row fanoutRow(Loader loader, Side base, Side chat, Prefix basePrefix, Timing timing) {
        String scenario = "fan-out, 1 sender -> " + RECEIVERS + " receivers";
        Measured<LoadResult> b = measure(loader, scenario, base, (l, s) ->
                new FanoutLoad("127.0.0.1", s.port(), RECEIVERS, 1, 500, 0, SIZE, basePrefix, timing,
                        Duration.ofMillis(300)).run(l));
        Measured<LoadResult> c = measure(loader, scenario, chat, (l, s) ->
                new FanoutLoad("127.0.0.1", s.port(), RECEIVERS, 1, 500, 0, SIZE, Prefix.STRICT, timing,
                        Duration.ofMillis(300)).run(l));
        return new Row(scenario, base.name(), throughput(b), throughput(c), Target.ratioAtLeast(1.0));
    }

    private Row connsRow(Loader loader, Side base, Side chat, Duration settle) {
        String scenario = String.format(Locale.ROOT, "RSS per idle conn, %,d conns", conns);
        Load<ConnsResult> load = (l, s) -> new ConnsLoad("127.0.0.1", s.port(), conns, s.pid(), settle, 100, true, 0).run(l);
        Measured<ConnsResult> b = measure(loader, scenario, base, load);
        Measured<ConnsResult> c = measure(loader, scenario, chat, load);
        return new Row(scenario, base.name(), memory(b), memory(c), Target.atMost(10, "KiB"));
    }

    /** Starts the server, runs the load against it, stops it; prints the run's report as it goes. */
    private <R> Measured<R> measure(Loader loader, String scenario, Side side, Load<R> load) {
        console.println("== " + scenario + ": " + side.name());
        console.flush();
        try (ServerProcess server = side.start().get()) {
            Duration before = server.cpuTime();
            R result = load.run(loader, server);
            Duration after = server.cpuTime();
            String report = result instanceof LoadResult r ? r.report() : ((ConnsResult) result).report();
            String failure = result instanceof LoadResult r ? r.failure() : ((ConnsResult) result).failure();
            console.print(report);
            console.println(failure == null ? "OK" : "FAILED: " + failure);
            console.flush();
            return new Measured<>(result, before == null || after == null ? null : after.minus(before), null);
        } catch (LoadException e) {
            console.println("FAILED: " + e.getMessage());
            return new Measured<>(null, null, e.getMessage());
        } catch (RuntimeException e) {
            // One broken run must not cost the others: the table shows it as failed.
            console.println("FAILED: unexpected error: " + e);
            return new Measured<>(null, null, "unexpected error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Measured<>(null, null, "interrupted");
        }
    }

    private static Figure throughput(Measured<LoadResult> m) {
        if (m.result() == null) {
            return Figure.failed(m.error());
        }
        LoadResult r = m.result();
        return new Figure(r.perSecond(), r.unit() + "/s", r.failure(), cpuPerLine(m.cpu(), r.received()));
    }

    private static Figure p99(Measured<LoadResult> m) {
        if (m.result() == null) {
            return Figure.failed(m.error());
        }
        LoadResult r = m.result();
        return new Figure(r.micros(99), "us", r.failure(), cpuPerLine(m.cpu(), r.received()));
    }

    private static Figure memory(Measured<ConnsResult> m) {
        if (m.result() == null) {
            return Figure.failed(m.error());
        }
        return new Figure(m.result().kibPerConnection(), "KiB", m.result().failure(), Double.NaN);
    }

    private static double cpuPerLine(Duration cpu, long lines) {
        return cpu == null || lines == 0 ? Double.NaN : cpu.toNanos() / 1e3 / lines;
    }

    private Side baseline(BaselineKind kind) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), Bench.class.getName(),
                "baseline", kind.toString(), "--port", "0");
        return new Side(kind.toString(), () ->
                ServerProcess.start(kind.toString(), command, Map.of(), BASELINE_READY, Duration.ofSeconds(30)));
    }

    /** {@code chat serve} exactly as a user starts it, through the launcher, which must not build. */
    private static Side chat(Path launcher, String mode) {
        List<String> command = List.of(launcher.toString(), "serve", "--mode", mode, "--port", "0");
        return new Side("chat serve --mode " + mode, () -> ServerProcess.start("chat serve --mode " + mode, command,
                Map.of("CHAT_NO_BUILD", "1"), CHAT_READY, Duration.ofSeconds(60)));
    }

    private static Side ncat() {
        return new Side("ncat --chat", () -> {
            int port = freePort();
            // ncat admits 100 connections unless told otherwise; the run needs 101.
            List<String> command = List.of("ncat", "--chat", "-l", "127.0.0.1", Integer.toString(port), "--max-conns", "1000");
            return ServerProcess.startOnPort("ncat --chat", command, port, Duration.ofSeconds(10));
        });
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new LoadException("cannot find a free port: " + e.getMessage());
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** The repository above this jar (chat-bench/target/chat-bench.jar), or above the working directory. */
    private static Path findRepo() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the working directory will do
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isExecutable(dir.resolve("chat")) && Files.exists(dir.resolve("chat-server-app"))) {
                    return dir;
                }
            }
        }
        throw new LoadException("cannot find the repository with the chat launcher; pass --repo");
    }

    private String header(Timing timing) {
        String args = String.join(" ", spec.commandLine().getParseResult().originalArgs());
        return "## chat against its baselines\n\n"
                + "- when: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "- machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version") + "; loader and servers share the machine, over loopback\n"
                + "- command: `java -jar chat-bench/target/chat-bench.jar " + args + "`\n"
                + "- each run: " + timing.describe() + ", " + SIZE + "-byte lines, loader transport "
                + Transport.best() + "; every server in a fresh process\n";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static Chart.Bars bars(String label, Row row) {
        return new Chart.Bars(label, "vs " + row.baseline(), row.base().value(), row.chat().value());
    }

    /** The latency percentiles of two ping-pong runs, either of which may have failed (null). */
    private static List<Chart.Bars> percentiles(LoadResult base, LoadResult chat) {
        List<Chart.Bars> bars = new ArrayList<>();
        for (double p : LoadResult.PERCENTILES) {
            bars.add(new Chart.Bars("p" + LoadResult.label(p), "",
                    base == null ? Double.NaN : base.micros(p), chat == null ? Double.NaN : chat.micros(p)));
        }
        return bars;
    }
}
