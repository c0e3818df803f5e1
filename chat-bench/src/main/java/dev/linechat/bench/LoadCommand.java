package dev.linechat.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench load MODE}: drives a server with checked lines and reports throughput, latency and losses. */
@Command(name = "load", description = "Load a line server and check every line that comes back.",
        subcommands = {LoadCommand.Echo.class, LoadCommand.Latency.class, LoadCommand.Fanout.class, LoadCommand.Conns.class})
final class LoadCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing mode: echo, latency, fanout or conns");
    }

    /** Where the server is, and the client's threads. */
    static final class Target {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", required = true, description = "Server port.")
        int port;

        @Option(names = "--threads", defaultValue = "0", description = "Client I/O threads; 0 for one per core.")
        int threads;

        void check() {
            if (port <= 0 || port > 65535) {
                throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535, not " + port);
            }
            if (threads < 0) {
                throw new ParameterException(spec.commandLine(), "--threads must not be negative");
            }
        }
    }

    /** Line size and the run's timeline. */
    static final class Lines {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--size", defaultValue = "64", description = "Bytes per line before the \\n (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
                description = "Time before counting starts (default: ${DEFAULT-VALUE}).")
        Duration warmup;

        @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
                description = "Time during which lines are counted (default: ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(names = "--drain-timeout", defaultValue = "5s", converter = DurationConverter.class,
                description = "Longest wait for the lines in flight at the end (default: ${DEFAULT-VALUE}).")
        Duration drain;

        Timing timing() {
            if (size < LineFormat.MIN_SIZE) {
                throw new ParameterException(spec.commandLine(), "--size must be at least " + LineFormat.MIN_SIZE + ", not " + size);
            }
            if (duration.isZero()) {
                throw new ParameterException(spec.commandLine(), "--duration must be positive");
            }
            return new Timing(warmup, duration, drain);
        }
    }

    /** Runs a load and prints its report; the exit code says whether every line was accounted for. */
    abstract static class Mode implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Mixin
        HelpOption help;

        static void atLeast(CommandSpec spec, String option, long value, long min) {
            if (value < min) {
                throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", not " + value);
            }
        }

        static void atMost(CommandSpec spec, String option, long value, long max) {
            if (value > max) {
                throw new ParameterException(spec.commandLine(), option + " must be at most " + max + ", not " + value);
            }
        }

        /** Runs C connections with W lines in flight each against an echo server; ping-pong is W = 1. */
        int echo(Lines lines, int connections, int window) throws InterruptedException {
            target.check();
            atLeast(spec, "-c", connections, 1);
            atMost(spec, "-c", connections, LineFormat.MAX_STREAM + 1);
            atLeast(spec, "-w", window, 1);
            EchoLoad load = new EchoLoad(target.host, target.port, connections, window, lines.size, lines.timing());
            try (Loader loader = new Loader(target.threads)) {
                LoadResult result = load.run(loader);
                return finish(result.report(), result.failure());
            }
        }

        /** Prints the report, then OK or the reason for failing on stderr. */
        int finish(String report, String failure) {
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
            if (failure != null) {
                spec.commandLine().getErr().println("FAILED: " + failure);
                return 1;
            }
            spec.commandLine().getOut().println("OK");
            return 0;
        }
    }

    @Command(name = "echo", description = "C connections keep W lines each in flight to an echo server.")
    static final class Echo extends Mode {
        @Mixin
        Lines lines;

        @Option(names = "-c", defaultValue = "1", description = "Connections (default: ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "-w", defaultValue = "1000", description = "Lines in flight per connection (default: ${DEFAULT-VALUE}).")
        int window;

        @Override
        public Integer call() throws InterruptedException {
            return echo(lines, connections, window);
        }
    }

    @Command(name = "latency", description = "Ping-pong: one line in flight at a time on each connection.")
    static final class Latency extends Mode {
        @Mixin
        Lines lines;

        @Option(names = "-c", defaultValue = "1", description = "Connections (default: ${DEFAULT-VALUE}).")
        int connections;

        @Override
        public Integer call() throws InterruptedException {
            return echo(lines, connections, 1);
        }
    }

    @Command(name = "fanout", description = "S senders send lines into a room; R receivers check they all arrive.")
    static final class Fanout extends Mode {
        @Mixin
        Lines lines;

        @Option(names = "-r", defaultValue = "100", description = "Receivers (default: ${DEFAULT-VALUE}).")
        int receivers;

        @Option(names = "-s", defaultValue = "1", description = "Senders (default: ${DEFAULT-VALUE}).")
        int senders;

        // 500 lines of 64 bytes plus prefix stay under the 64 KiB a chat room queues for a receiver
        // before its slow-client policy drops lines.
        @Option(names = "-w", defaultValue = "500",
                description = "Lines a sender may have in flight to the slowest receiver (default: ${DEFAULT-VALUE}).")
        int window;

        @Option(names = {"-n", "--lines"}, defaultValue = "0",
                description = "Lines per sender, all counted, --duration being the longest the run may take;"
                        + " 0 to count for --duration after --warmup (default).")
        long count;

        @Option(names = "--prefix", defaultValue = "strict", converter = PrefixConverter.class,
                description = "strict: every line is '<NAME> payload'; none: strip any <...> prefix, as ncat --chat adds"
                        + " them per read chunk (default: ${DEFAULT-VALUE}).")
        Prefix prefix;

        @Option(names = "--settle", defaultValue = "300ms", converter = DurationConverter.class,
                description = "Quiet time after the last join notice before sending (default: ${DEFAULT-VALUE}).")
        Duration settle;

        @Override
        public Integer call() throws InterruptedException {
            target.check();
            atLeast(spec, "-r", receivers, 1);
            atLeast(spec, "-s", senders, 1);
            atMost(spec, "-s", senders, LineFormat.MAX_STREAM + 1);
            atLeast(spec, "-w", window, 1);
            atLeast(spec, "--lines", count, 0);
            FanoutLoad load = new FanoutLoad(target.host, target.port, receivers, senders, window, count,
                    lines.size, prefix, lines.timing(), settle);
            try (Loader loader = new Loader(target.threads)) {
                LoadResult result = load.run(loader);
                return finish(result.report(), result.failure());
            }
        }
    }

    @Command(name = "conns", description = "Open C idle connections; with --server-pid, report the server's RSS per connection.")
    static final class Conns extends Mode {
        @Option(names = "-c", defaultValue = "10000", description = "Connections (default: ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--server-pid", defaultValue = "0", description = "The server's process id, for its memory.")
        long serverPid;

        @Option(names = "--settle", defaultValue = "2s", converter = DurationConverter.class,
                description = "Wait after opening, before reading the memory (default: ${DEFAULT-VALUE}).")
        Duration settle;

        @Option(names = "--probes", defaultValue = "100",
                description = "Connections that send a line at the end (default: ${DEFAULT-VALUE}).")
        int probes;

        @Option(names = "--expect", defaultValue = "echo",
                description = "echo: each probe must come back; none: the server need not answer (default: ${DEFAULT-VALUE}).")
        String expect;

        @Option(names = "--sources", defaultValue = "0",
                description = "Loopback source addresses (127.0.0.1, .2, ...); 0 for as many as the ports need.")
        int sources;

        @Override
        public Integer call() throws InterruptedException {
            target.check();
            atLeast(spec, "-c", connections, 1);
            atMost(spec, "-c", connections, LineFormat.MAX_STREAM + 1);
            atLeast(spec, "--probes", probes, 0);
            atLeast(spec, "--sources", sources, 0);
            atMost(spec, "--sources", sources, 254);
            if (!expect.equals("echo") && !expect.equals("none")) {
                throw new ParameterException(spec.commandLine(), "--expect must be echo or none, not " + expect);
            }
            if (serverPid < 0) {
                throw new ParameterException(spec.commandLine(), "--server-pid must be a process id");
            }
            ConnsLoad load = new ConnsLoad(target.host, target.port, connections, serverPid, settle, probes,
                    expect.equals("echo"), sources);
            try (Loader loader = new Loader(target.threads)) {
                ConnsResult result = load.run(loader);
                return finish(result.report(), result.failure());
            }
        }
    }
}
