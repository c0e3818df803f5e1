package dev.linechat.bench;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fan-out mode: {@code receivers} connections join a room server, then {@code senders} more, and
 * each sender's lines must reach every receiver exactly once, in order. Receivers connect first and
 * the run waits until the join notices are over, so that every receiver is in the room before the
 * first line.
 *
 * @param window lines a sender may have in flight to the slowest receiver
 * @param lines lines per sender, or 0 to send for the timing's duration after its warm-up
 * @param settle how long the room must stay quiet before the senders start
 */
record FanoutLoad(String host, int port, int receivers, int senders, int window, long lines, int size,
        Prefix prefix, Timing timing, Duration settle) {

    /** Members that connect at once: ncat's accept queue holds about ten. */
    private static final int JOIN_BATCH = 8;

    String title() {
        String length = lines > 0 ? lines + " lines per sender" : timing.describe();
        return "fanout: " + EchoLoad.plural(senders, "sender") + " -> " + EchoLoad.plural(receivers, "receiver")
                + ", window " + window + ", " + size + "-byte lines, prefix " + prefix.name().toLowerCase(Locale.ROOT)
                + ", " + length;
    }

    /** Runs the load against a room server and returns what it measured. */
    LoadResult run(Loader loader) throws InterruptedException {
        LineFormat format = new LineFormat(size);
        Phase phase = new Phase();
        CountDownLatch done = new CountDownLatch(senders);
        CountDownLatch receiversGreeted = new CountDownLatch(receivers);
        CountDownLatch sendersGreeted = new CountDownLatch(senders);
        AtomicLong lastNotice = new AtomicLong(System.nanoTime());
        List<FanoutSender> sending = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            sending.add(new FanoutSender(i, window, lines, receivers, format, phase, sendersGreeted, done));
        }
        List<FanoutReceiver> receiving = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            receiving.add(new FanoutReceiver(sending, format, prefix, phase, receiversGreeted, lastNotice));
        }
        List<Channel> channels = new ArrayList<>();
        try {
            join(loader, receiving, receiversGreeted, channels, "receivers");
            List<Channel> senderChannels = join(loader, sending, sendersGreeted, channels, "senders");
            awaitQuiet(lastNotice);
            if (prefix == Prefix.STRICT && sending.stream().anyMatch(s -> s.name() == null)) {
                throw new LoadException("the server sent no '* welcome, NAME; ...' line, so the senders' names"
                        + " are unknown; use --prefix none for a server that does not greet");
            }
            for (int i = 0; i < senders; i++) {
                senderChannels.get(i).eventLoop().execute(sending.get(i)::refill);
            }
            double seconds = lines > 0 ? measureUntilSent(phase, done) : Runs.measure(phase, timing);
            for (int i = 0; i < senders; i++) {
                senderChannels.get(i).eventLoop().execute(sending.get(i)::refill); // ends it if nothing is in flight
            }
            done.await(timing.drain().toMillis(), TimeUnit.MILLISECONDS);
            long[] sent = new long[senders];
            for (int i = 0; i < senders; i++) {
                sent[i] = senderChannels.get(i).eventLoop().submit(sending.get(i)::sent).get();
            }
            Tally sum = new Tally();
            for (int i = 0; i < receivers; i++) {
                FanoutReceiver r = receiving.get(i);
                sum.add(channels.get(i).eventLoop().submit(() -> r.tally(sent)).get());
            }
            if (sum.trouble == null) {
                sum.trouble = sending.stream().map(LineHandler::trouble).filter(t -> t != null).findFirst().orElse(null);
            }
            return sum.result(title(), "deliveries", seconds, size + 1);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            loader.close(channels);
        }
    }

    /**
     * Connects a few at a time, each batch once the last has been greeted: a room server accepts and
     * announces one member at a time, and ncat gives up altogether when its accept queue overflows.
     *
     * @param channels receives the new channels as they open, so that they are closed whatever happens
     * @return the new channels
     */
    private List<Channel> join(Loader loader, List<? extends LineHandler> handlers, CountDownLatch greeted,
            List<Channel> channels, String who) throws InterruptedException {
        List<Channel> joined = new ArrayList<>();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int from = 0; from < handlers.size(); from += JOIN_BATCH) {
            int to = Math.min(handlers.size(), from + JOIN_BATCH);
            List<Channel> batch = loader.connect(host, port, handlers.subList(from, to), 1);
            channels.addAll(batch);
            joined.addAll(batch);
            while (greeted.getCount() > handlers.size() - to) {
                if (System.nanoTime() > giveUp) {
                    throw new LoadException(greeted.getCount() + " " + who + " heard nothing from the server in 10 s");
                }
                Thread.sleep(1);
            }
        }
        return joined;
    }

    /** Waits until no notice has arrived for the settle time (or 10 s have passed). */
    private void awaitQuiet(AtomicLong lastNotice) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long quiet = settle.toNanos();
        while (System.nanoTime() - lastNotice.get() < quiet && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
    }

    /** With a fixed number of lines, everything counts, from the first line to the last arrival. */
    private double measureUntilSent(Phase phase, CountDownLatch done) throws InterruptedException {
        phase.measuring = true;
        long start = System.nanoTime();
        done.await(timing.duration().toMillis(), TimeUnit.MILLISECONDS);
        phase.measuring = false;
        long end = System.nanoTime();
        phase.stopping = true;
        return (end - start) / 1e9;
    }
}
