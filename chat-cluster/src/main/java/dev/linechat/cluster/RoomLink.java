package dev.linechat.cluster;

import dev.linechat.cluster.ClusterFrame.Kind;
import dev.linechat.cluster.SequenceTracker.Verdict;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Links one room of this node to the room's Redis Stream ({@code room:<name>}): sends this node's
 * frames with {@code XADD}, reads every node's frames with {@code XREAD BLOCK}, and hands the ones to
 * deliver locally to a {@link Listener}.
 *
 * <p><b>Sending</b> never blocks: {@link #publish} numbers the frame and puts it in a bounded outbox,
 * which a single sender empties in order, a batch at a time ({@code XADD}s in one script, one round
 * trip), over a
 * connection of its own. While Redis cannot be reached, frames wait in the outbox; when it is full the
 * oldest are dropped and counted (receivers will see that as a gap), and the count is reported when
 * Redis is back. A frame whose {@code XADD} failed is sent again, so a frame may reach the stream twice;
 * receivers drop the second copy.
 *
 * <p><b>Reading</b> happens on a thread of its own, over a second connection, so that a blocked
 * {@code XREAD} never delays a send. It starts with the entries added from a second before the link
 * was made (by the entries' ids, which carry Redis's clock), so that lines said while it connects
 * are not missed, and afterwards always asks for what follows the last entry it saw, also after a reconnect:
 * a dropped connection loses nothing that is still in the stream. Every frame goes through a
 * {@link SequenceTracker}: this node's own frames and duplicates are dropped, and missing frames are
 * reported before the frame that reveals them.
 *
 * <p>Starting never waits for Redis: a node starts while Redis is down and connects when it can.
 * {@link #close()} releases the connections, the reader thread and the Lettuce resources the link
 * created; {@link #flush(Duration)} first lets the outbox empty, if Redis lets it.
 */
public final class RoomLink implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RoomLink.class.getName());

    /** Frames sent per round trip; small enough that a retried batch is cheap. */
    private static final int SEND_BATCH = 256;
    // KEYS: the stream. ARGV: MAXLEN, fields per frame, then each frame's fields and values in turn.
    // One script per batch: one command and one round trip, where an XADD each took a write and a
    // reply each.
    private static final String SEND_SCRIPT = """
            local pairs = 2 * tonumber(ARGV[2])
            local added = 0
            for i = 3, #ARGV, pairs do
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, i, i + pairs - 1))
              added = added + 1
            end
            return added
            """;
    /** Entries asked for per XREAD. */
    private static final int READ_BATCH = 512;
    /** How far before its start a link begins to read the stream. */
    private static final Duration START_MARGIN = Duration.ofSeconds(1);
    /** Least time between two reports of an outbox that overflows while Redis is reachable. */
    private static final Duration OVERFLOW_REPORT_INTERVAL = Duration.ofSeconds(1);
    /** Pause before trying again after a failed read or send, so a dead Redis is not hammered. */
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);

    /**
     * What a link reports. Every method is called on a thread of the link (the reader's, or one of
     * Lettuce's), so it must return quickly and never block; an exception it throws is logged and
     * otherwise ignored.
     */
    public interface Listener {

        /** A frame from another node, in the order of the stream, each at most once. */
        default void onFrame(ClusterFrame frame) {
        }

        /**
         * The frames of one read from the stream have all been reported: what was held to deliver
         * together can go. Called on the reader's thread, after the last {@link #onFrame} of the read.
         */
        default void onReadEnd() {
        }

        /** {@code missing} frames from {@code node} were lost just before the frame delivered next. */
        default void onGap(String node, long missing) {
        }

        /** The sending connection to Redis works (again). Reported once per change. */
        default void onUp() {
        }

        /** The sending connection to Redis is lost, or could not be made. Reported once per change. */
        default void onDown() {
        }

        /** {@code dropped} frames were thrown out of the full outbox since the last report, oldest first. */
        default void onOutboxOverflow(long dropped) {
        }
    }

    private final String key;
    private final String node;
    private final long epoch;
    private final int outboxCapacity;
    private final Duration block;
    private final String maxLen;
    private final RedisURI redisUri;
    private final Listener listener;
    private final ClientResources resources;
    private final RedisClient writerClient;
    private final RedisClient readerClient;
    private final SequenceTracker tracker;
    private final Thread reader;

    private final Object lock = new Object();
    // Guarded by lock:
    private final ArrayDeque<ClusterFrame> outbox = new ArrayDeque<>();
    private long nextSeq = 1;
    private boolean sending;
    private boolean closed;
    private Boolean up; // null until the first connection attempt has ended
    private long droppedTotal;
    private long droppedUnreported;
    private long overflowReportedAt = System.nanoTime();
    private StatefulRedisConnection<String, String> writer;
    private List<ClusterFrame> inFlight = List.of(); // the batch being sent

    /** What other nodes said they had settled, by node, for the reader to check once it has caught up. */
    private final Map<String, Settled> settledElsewhere = new ConcurrentHashMap<>();

    private volatile String lastId; // the last entry read; at first, the moment the link was made

    private RoomLink(Builder b) {
        this.key = "room:" + b.room;
        this.node = b.node;
        this.epoch = b.epoch;
        this.outboxCapacity = b.outboxCapacity;
        this.block = b.block;
        this.maxLen = Long.toString(b.maxLen);
        this.listener = b.listener;
        this.tracker = new SequenceTracker(node);
        // Every reply is due within a few seconds; a blocked XREAD within its block time.
        Duration timeout = block.plusSeconds(5);
        this.redisUri = b.uri.toLettuce(timeout);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2) // Lettuce's minimum
                // Lettuce's default backs off to 30 s; a chat room wants to be back within a second.
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                // Fail at once while disconnected: the outbox, which is bounded, does the waiting.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build();
        // Two clients, so that the state listener hears about the sending connection alone.
        this.writerClient = RedisClient.create(resources);
        this.writerClient.setOptions(options);
        this.writerClient.addListener(new WriterStateListener());
        this.readerClient = RedisClient.create(resources);
        this.readerClient.setOptions(options);
        // Entries ids start with Redis's clock in milliseconds: read what was added from a moment before
        // this link existed, so that nothing said while it connects is missed (a clock a second ahead
        // of Redis's is allowed for; what comes before is history nobody here was present for).
        this.lastId = Math.max(0, System.currentTimeMillis() - START_MARGIN.toMillis()) + "-0";
        this.reader = new Thread(this::readLoop, "chat-cluster-reader-" + b.room);
        this.reader.setDaemon(true);
    }

    /** Starts describing a link for {@code room}, on the node {@code node}, through the Redis at {@code uri}. */
    public static Builder builder(RedisUri uri, String room, String node) {
        return new Builder(uri, room, node);
    }

    private RoomLink start() {
        reader.start();
        connectWriter();
        return this;
    }

    /**
     * Numbers a frame from this node and queues it for the stream; returns at once, whether Redis is
     * reachable or not. Safe to call from any thread, including Netty I/O threads.
     *
     * @return the frame as it will appear in the stream
     * @throws IllegalStateException if the link is closed
     */
    public ClusterFrame publish(Kind kind, String name, String text) {
        ClusterFrame frame;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("link to " + key + " is closed");
            }
            // Numbered under the lock that orders the outbox, so that numbers follow the stream; and
            // counted only once the frame exists, so that a refused one leaves no hole in the numbers.
            frame = new ClusterFrame(node, epoch, nextSeq, kind, name, text);
            nextSeq++;
            outbox.addLast(frame);
            trimOutbox();
        }
        drain();
        return frame;
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    /** The random number that tells this start of the node from earlier ones. */
    public long epoch() {
        return epoch;
    }

    /** The Redis key of the room's stream. */
    public String streamKey() {
        return key;
    }

    /** Whether the sending connection is up. */
    public boolean isUp() {
        synchronized (lock) {
            return Boolean.TRUE.equals(up);
        }
    }

    /** Frames waiting in the outbox, not counting a batch being sent. */
    public int waiting() {
        synchronized (lock) {
            return outbox.size();
        }
    }

    /** Frames dropped from the full outbox since the link started. */
    public long dropped() {
        synchronized (lock) {
            return droppedTotal;
        }
    }

    /** The id of the last stream entry read, or, before the first, the id of the moment from which reading starts. */
    public String lastId() {
        return lastId;
    }

    /**
     * The highest sequence number up to which every frame of this node has been sent or dropped:
     * nothing numbered up to it waits in the outbox or on its way.
     */
    long settled() {
        synchronized (lock) {
            long oldestWaiting = !inFlight.isEmpty() ? inFlight.get(0).seq()
                    : !outbox.isEmpty() ? outbox.peekFirst().seq() : nextSeq;
            return oldestWaiting - 1;
        }
    }

    /** The highest sequence number this node has given a frame so far. */
    long published() {
        synchronized (lock) {
            return nextSeq - 1;
        }
    }

    /**
     * Records that {@code node} (in {@code epoch}) had settled everything up to {@code settled} by
     * now; once the reader has read the whole stream after this moment, frames of it up to that
     * number that never arrived are reported as a gap. This is how a loss is seen when the sender
     * says nothing more.
     */
    void expectSettled(String node, long epoch, long settled) {
        // A number heard again keeps the moment it was first learnt, or a reader that is always in
        // the middle of a read when the next beat comes would never get to check it.
        settledElsewhere.compute(node, (n, known) -> known != null && known.epoch() == epoch && known.seq() == settled
                ? known : new Settled(epoch, settled, System.nanoTime()));
    }

    /** A node's settled number and when it was learnt. */
    private record Settled(long epoch, long seq, long learntAt) {
    }

    /** The sending connection's commands while it is up, or {@code null}: for the room's presence. */
    RedisAsyncCommands<String, String> commands() {
        synchronized (lock) {
            return closed || writer == null || !Boolean.TRUE.equals(up) ? null : writer.async();
        }
    }

    /** Runs a task after a delay on the link's threads, unless the link is closed by then. */
    void schedule(Runnable task, Duration delay) {
        if (isClosed()) {
            return;
        }
        try {
            resources.eventExecutorGroup().schedule(() -> {
                if (!isClosed()) {
                    task.run();
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> key + ": not scheduling, shutting down: " + e);
        }
    }

    // ---- sending ---------------------------------------------------------------------------------

    private void connectWriter() {
        writerClient.connectAsync(StringCodec.UTF8, redisUri).whenComplete((connection, failure) -> {
            if (failure != null) {
                LOG.log(Level.DEBUG, () -> key + ": cannot reach Redis yet: " + failure);
                changeState(false);
                later(this::connectWriter);
                return;
            }
            boolean kept;
            synchronized (lock) {
                kept = !closed;
                if (kept) {
                    writer = connection;
                }
            }
            if (!kept) { // closed meanwhile
                connection.closeAsync();
                return;
            }
            // From now on Lettuce reconnects by itself, and WriterStateListener follows it.
            changeState(true);
            drain();
        });
    }

    /** Sends the next batch from the outbox unless one is on its way already. */
    private void drain() {
        List<ClusterFrame> batch;
        StatefulRedisConnection<String, String> connection;
        synchronized (lock) {
            if (sending || closed || writer == null || !Boolean.TRUE.equals(up) || outbox.isEmpty()) {
                return;
            }
            connection = writer;
            sending = true;
            batch = new ArrayList<>(Math.min(SEND_BATCH, outbox.size()));
            while (batch.size() < SEND_BATCH && !outbox.isEmpty()) {
                batch.add(outbox.pollFirst());
            }
            inFlight = batch;
        }
        String[] args = new String[2 + batch.size() * 2 * FrameCodec.FIELDS];
        args[0] = maxLen;
        args[1] = Integer.toString(FrameCodec.FIELDS);
        int at = 2;
        for (ClusterFrame frame : batch) {
            for (Map.Entry<String, String> field : FrameCodec.encode(frame).entrySet()) {
                args[at++] = field.getKey();
                args[at++] = field.getValue();
            }
        }
        CompletableFuture<Long> reply;
        try {
            reply = connection.async().<Long>eval(SEND_SCRIPT, ScriptOutputType.INTEGER, new String[] {key}, args).toCompletableFuture();
        } catch (RuntimeException e) {
            // A connection closed under us throws instead of failing the future; either way the
            // batch goes back to the outbox, and sending must go on.
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenCompleteAsync((added, failure) -> sent(batch, failure), resources.eventExecutorGroup());
    }

    /** Puts back a batch that did not reach Redis, in order, and goes on with the next one. */
    private void sent(List<ClusterFrame> batch, Throwable failure) {
        long overflow = 0;
        synchronized (lock) {
            if (failure == null && droppedUnreported > 0
                    && (outbox.isEmpty() || System.nanoTime() - overflowReportedAt >= OVERFLOW_REPORT_INTERVAL.toNanos())) {
                // Lines came in faster than Redis took them: say so once a second while it goes on, and at the end.
                overflow = droppedUnreported;
                droppedUnreported = 0;
                overflowReportedAt = System.nanoTime();
            }
            sending = false;
            inFlight = List.of();
            lock.notifyAll(); // flush may be waiting for the outbox to empty
            if (failure != null && !closed) {
                // The batch may have reached the stream in part or in full (a reply lost on the way);
                // sent again, what arrives twice is dropped by the receivers as a duplicate.
                for (int i = batch.size() - 1; i >= 0; i--) {
                    outbox.addFirst(batch.get(i));
                }
                trimOutbox();
            }
        }
        if (overflow > 0) {
            reportOverflow(overflow);
        }
        if (failure != null) {
            LOG.log(Level.DEBUG, () -> key + ": sending failed, will retry: " + failure);
            later(this::drain);
        } else {
            drain();
        }
    }

    /** Drops the oldest frames beyond the outbox's capacity. Call with the lock held. */
    private void trimOutbox() {
        while (outbox.size() > outboxCapacity) {
            outbox.pollFirst();
            droppedTotal++;
            droppedUnreported++;
        }
    }

    private void changeState(boolean nowUp) {
        long overflow = 0;
        synchronized (lock) {
            if (closed || Boolean.valueOf(nowUp).equals(up)) {
                return;
            }
            up = nowUp;
            lock.notifyAll();
            if (nowUp) {
                overflow = droppedUnreported;
                droppedUnreported = 0;
            }
        }
        if (nowUp) {
            LOG.log(Level.INFO, "{0}: Redis is reachable", key);
            report(() -> listener.onUp());
            if (overflow > 0) {
                reportOverflow(overflow);
            }
        } else {
            LOG.log(Level.WARNING, "{0}: Redis is not reachable; frames wait in the outbox (at most {1})", key, outboxCapacity);
            report(() -> listener.onDown());
        }
    }

    private void reportOverflow(long dropped) {
        LOG.log(Level.WARNING, "{0}: {1} frame(s) dropped from the full outbox", key, dropped);
        report(() -> listener.onOutboxOverflow(dropped));
    }

    private void later(Runnable task) {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        try {
            resources.eventExecutorGroup().schedule(task, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // Rejected: the resources are shutting down because the link closed.
            LOG.log(Level.DEBUG, () -> key + ": not retrying, shutting down: " + e);
        }
    }

    /** Follows the sending connection through Lettuce's reconnects. */
    private final class WriterStateListener implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (isWriter(connection)) {
                changeState(true);
                drain();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (isWriter(connection)) {
                changeState(false);
            }
        }

        private boolean isWriter(RedisChannelHandler<?, ?> connection) {
            synchronized (lock) {
                // Before connectWriter has its connection, the first connect reports for itself.
                return writer != null && writer == connection;
            }
        }
    }

    // ---- reading ---------------------------------------------------------------------------------

    private void readLoop() {
        StatefulRedisConnection<String, String> connection = null;
        try {
            while (!isClosed()) {
                try {
                    if (connection == null) {
                        connection = readerClient.connect(StringCodec.UTF8, redisUri);
                        if (isClosed()) {
                            break;
                        }
                    }
                    long asked = System.nanoTime();
                    List<StreamMessage<String, String>> entries = readAfter(connection, lastId);
                    for (StreamMessage<String, String> entry : entries) {
                        lastId = entry.getId();
                        handle(entry);
                    }
                    if (!entries.isEmpty()) {
                        report(listener::onReadEnd);
                    }
                    if (entries.size() < READ_BATCH) { // the whole stream as it was when asked has been read
                        checkSettled(asked);
                    }
                } catch (RedisException e) {
                    if (isClosed()) {
                        break;
                    }
                    LOG.log(Level.DEBUG, () -> key + ": read failed, will retry from " + lastId + ": " + e);
                    Thread.sleep(RETRY_DELAY.toMillis());
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts: fall through and release the connection
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @SuppressWarnings("unchecked") // XREAD takes its streams as varargs of a generic type
    private List<StreamMessage<String, String>> readAfter(StatefulRedisConnection<String, String> connection, String id) {
        return connection.sync().xread(XReadArgs.Builder.block(block).count(READ_BATCH), StreamOffset.from(key, id));
    }

    private void handle(StreamMessage<String, String> entry) {
        ClusterFrame frame;
        try {
            frame = FrameCodec.decode(entry.getBody());
        } catch (MalformedFrameException e) {
            LOG.log(Level.WARNING, "{0}: skipping entry {1}: {2}", key, entry.getId(), e.getMessage());
            return;
        }
        Verdict verdict = tracker.accept(frame);
        if (verdict.missing() > 0) {
            report(() -> listener.onGap(frame.node(), verdict.missing()));
        }
        if (verdict.deliver()) {
            report(() -> listener.onFrame(frame));
        }
    }

    /** Reports, for every node whose settled number was learnt before {@code caughtUp}, what never arrived. */
    private void checkSettled(long caughtUp) {
        for (Map.Entry<String, Settled> entry : settledElsewhere.entrySet()) {
            Settled settled = entry.getValue();
            if (settled.learntAt() - caughtUp < 0 && settledElsewhere.remove(entry.getKey(), settled)) {
                long missing = tracker.settle(entry.getKey(), settled.epoch(), settled.seq());
                if (missing > 0) {
                    LOG.log(Level.WARNING, "{0}: {1} frame(s) from {2} never arrived", key, missing, entry.getKey());
                    report(() -> listener.onGap(entry.getKey(), missing));
                }
            }
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void report(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, key + ": listener failed", e);
        }
    }

    // ---- closing ---------------------------------------------------------------------------------

    /**
     * Waits until the outbox is empty and its last batch acknowledged, for {@code patience} at most, and
     * not at all while Redis is unreachable: what a closing node says last then reaches the stream.
     *
     * @return whether everything published so far has been sent
     */
    public boolean flush(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (lock) {
            while (!closed && Boolean.TRUE.equals(up) && (sending || !outbox.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return !sending && outbox.isEmpty();
        }
    }

    /**
     * Stops reading and sending at once and releases everything the link created; frames still in the
     * outbox are not sent (see {@link #flush(Duration)}). Waits a few seconds at most. Idempotent.
     */
    @Override
    public void close() {
        StatefulRedisConnection<String, String> w;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            w = writer;
            writer = null;
        }
        // Interrupting cancels a blocked XREAD; the reader then closes its connection itself.
        reader.interrupt();
        try {
            reader.join(block.plusSeconds(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (w != null) {
            w.close();
        }
        writerClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        readerClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** Settings of a link; {@link #start()} makes it. */
    public static final class Builder {
        private final RedisUri uri;
        private final String room;
        private final String node;
        private long epoch = new SecureRandom().nextLong();
        private long maxLen = 100_000;
        private int outboxCapacity = 100_000;
        private Duration block = Duration.ofSeconds(1);
        private Listener listener = new Listener() {
        };

        private Builder(RedisUri uri, String room, String node) {
            this.uri = Objects.requireNonNull(uri, "uri");
            this.room = Objects.requireNonNull(room, "room");
            this.node = Objects.requireNonNull(node, "node");
            if (room.isEmpty() || node.isEmpty()) {
                throw new IllegalArgumentException("room and node must not be empty");
            }
        }

        /** The epoch to send; by default a random number, as a node should draw once per start. */
        public Builder epoch(long epoch) {
            this.epoch = epoch;
            return this;
        }

        /** About how many entries the stream keeps ({@code XADD MAXLEN ~}); 100,000 by default, about 15 MB of Redis memory for short lines. */
        public Builder maxLen(long maxLen) {
            if (maxLen < 1) {
                throw new IllegalArgumentException("maxLen " + maxLen + " is not positive");
            }
            this.maxLen = maxLen;
            return this;
        }

        /** How many frames wait while Redis is away before the oldest are dropped; 100,000 by default. */
        public Builder outboxCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("outbox capacity " + capacity + " is not positive");
            }
            this.outboxCapacity = capacity;
            return this;
        }

        /** How long one XREAD waits for new entries; one second by default, which also bounds {@link RoomLink#close()}. */
        public Builder block(Duration block) {
            if (block.isNegative() || block.isZero()) {
                throw new IllegalArgumentException("block " + block + " is not positive");
            }
            this.block = block;
            return this;
        }

        /** Who hears about frames, gaps and the state of the connection. */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Makes the link and starts connecting in the background; returns at once, even if Redis is down. */
        public RoomLink start() {
            return new RoomLink(this).start();
        }
    }
}
