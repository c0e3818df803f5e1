package dev.linechat.bench;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The echo and latency modes: {@code connections} connections each keep {@code window} lines in
 * flight to an echo server; every line must come back intact and in order. Ping-pong latency is the
 * same with a window of one.
 *
 * @param connections how many connections
 * @param window lines in flight per connection
 * @param size bytes per line, terminator excluded
 */
record EchoLoad(String host, int port, int connections, int window, int size, Timing timing) {

    /** Describes the run: "echo: 100 connections x 100 in flight, 64-byte lines, 10 s after 2 s warm-up". */
    String title() {
        String shape = window == 1
                ? "latency: ping-pong on " + plural(connections, "connection")
                : "echo: " + plural(connections, "connection") + " x " + window + " in flight";
        return shape + ", " + size + "-byte lines, " + timing.describe();
    }

    /** Runs the load against the server and returns what it measured. */
    LoadResult run(Loader loader) throws InterruptedException {
        LineFormat format = new LineFormat(size);
        Phase phase = new Phase();
        CountDownLatch done = new CountDownLatch(connections);
        List<EchoConnection> handlers = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            handlers.add(new EchoConnection(i, window, format, phase, done));
        }
        List<Channel> channels = loader.connect(host, port, handlers, 1);
        try {
            for (int i = 0; i < connections; i++) {
                channels.get(i).eventLoop().execute(handlers.get(i)::start);
            }
            double seconds = Runs.measure(phase, timing);
            for (int i = 0; i < connections; i++) {
                channels.get(i).eventLoop().execute(handlers.get(i)::finishIfIdle);
            }
            done.await(timing.drain().toMillis(), TimeUnit.MILLISECONDS);
            Tally sum = new Tally();
            for (int i = 0; i < connections; i++) {
                sum.add(channels.get(i).eventLoop().submit(handlers.get(i)::tally).get());
            }
            return sum.result(title(), "lines", seconds, size + 1);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            loader.close(channels);
        }
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
