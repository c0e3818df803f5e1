package dev.linechat.bench;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The conns mode: opens many idle connections and, given the server's process id, measures how much
 * resident memory each one costs it; then checks that the connections still work by sending one line
 * on an evenly spread sample of them.
 *
 * @param serverPid the server's process id, or 0 to skip the memory figures
 * @param settle how long to wait once all are open, before reading the memory
 * @param probes how many connections send a line at the end
 * @param echo whether the server echoes, so that each probe must get its line back
 * @param sources loopback source addresses to spread over, or 0 to use as many as the ports need
 */
record ConnsLoad(String host, int port, int connections, long serverPid, Duration settle, int probes,
        boolean echo, int sources) {

    String title() {
        return "conns: " + connections + " idle connections";
    }

    ConnsResult run(Loader loader) throws InterruptedException {
        LineFormat format = new LineFormat(LineFormat.MIN_SIZE);
        List<IdleConnection> handlers = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            handlers.add(new IdleConnection(i, format));
        }
        long before = serverPid > 0 ? ProcStats.rssKiB(serverPid) : -1;
        long start = System.nanoTime();
        List<Channel> channels = loader.connect(host, port, handlers, sources > 0 ? sources : sourcesNeeded());
        try {
            double openSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(settle.toMillis());
            long after = serverPid > 0 ? ProcStats.rssKiB(serverPid) : -1;
            int closed = (int) channels.stream().filter(ch -> !ch.isActive()).count();
            int probed = Math.min(probes, connections);
            CountDownLatch echoed = new CountDownLatch(echo ? probed : 0);
            for (int p = 0; p < probed; p++) {
                int i = (int) ((long) p * connections / probed);
                channels.get(i).eventLoop().execute(() -> handlers.get(i).probe(echoed));
            }
            echoed.await(5, TimeUnit.SECONDS);
            int answered = probed - (int) echoed.getCount();
            return new ConnsResult(connections, openSeconds, before, after, closed, probed, answered);
        } finally {
            loader.close(channels);
        }
    }

    /** One loopback address gives as many connections as there are ephemeral ports; keep a quarter spare. */
    private int sourcesNeeded() {
        int perAddress = ProcStats.ephemeralPorts() * 3 / 4;
        return connections <= perAddress || !host.startsWith("127.") ? 1 : (connections + perAddress - 1) / perAddress;
    }
}
