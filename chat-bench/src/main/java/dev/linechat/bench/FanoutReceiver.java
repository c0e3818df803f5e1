package dev.linechat.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver of a fan-out run: checks that each sender's lines arrive exactly once, intact, in order
 * and (with {@link Prefix#STRICT}) under the sender's name, and tells the sender of each arrival.
 * Runs on its channel's I/O thread.
 */
final class FanoutReceiver extends LineHandler {

    private final List<FanoutSender> senders;
    private final Prefix prefix;
    private final Phase phase;
    private final CountDownLatch greeted;
    private final AtomicLong lastNotice;
    private final LineReader reader;
    private final SequenceChecker[] orders;
    private final Tally tally = new Tally();
    private boolean hello;

    /**
     * @param lastNotice receives the time of every notice, so the run can wait until the joins are over
     */
    FanoutReceiver(List<FanoutSender> senders, LineFormat format, Prefix prefix, Phase phase,
            CountDownLatch greeted, AtomicLong lastNotice) {
        this.senders = senders;
        this.prefix = prefix;
        this.phase = phase;
        this.greeted = greeted;
        this.lastNotice = lastNotice;
        this.reader = LineReader.prefixed(format, prefix);
        this.orders = new SequenceChecker[senders.size()];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = new SequenceChecker();
        }
    }

    @Override
    void onLine(ByteBuf in, int from, int length) {
        if (!hello) {
            hello = true;
            greeted.countDown();
        }
        LineReader.Kind kind = reader.read(in, from, length);
        if (kind == LineReader.Kind.NOTICE) {
            lastNotice.set(readAt);
            return;
        }
        int stream = reader.parsed.stream;
        if (kind != LineReader.Kind.DATA || stream >= senders.size()) {
            tally.corrupted++;
            return;
        }
        FanoutSender sender = senders.get(stream);
        if (prefix == Prefix.STRICT && !reader.nameIs(sender.name())) {
            tally.corrupted++;
            trouble("a line of sender " + stream + " came as from <" + reader.name() + ">");
            return;
        }
        long seq = reader.parsed.seq;
        orders[stream].accept(seq);
        if (phase.measuring) {
            tally.counted++;
            tally.latency.recordValue(Math.max(0, readAt - sender.sentAt(seq)));
        }
        sender.delivered(seq);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        trouble("the server closed a receiver's connection"); // the run reads its tally before closing it
        super.channelInactive(ctx);
    }

    /** Returns what this receiver saw, given how many lines each sender sent; call on its I/O thread. */
    Tally tally(long[] sent) {
        for (int i = 0; i < orders.length; i++) {
            tally.addStream(orders[i], sent[i]);
        }
        tally.trouble = trouble();
        return tally;
    }
}
