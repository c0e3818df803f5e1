package dev.linechat.cluster;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.linechat.cluster.ClusterFrame.Kind;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomLinkIT {

    private TestRedis redis;
    private final List<RoomLink> links = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = TestRedis.start();
    }

    @AfterEach
    void closeEverything() throws Exception {
        links.forEach(RoomLink::close);
        if (redis != null) {
            redis.close();
        }
        await("Lettuce and reader threads to end", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && (t.getName().startsWith("lettuce-") || t.getName().startsWith("chat-cluster-"))));
    }

    @Test
    void twoNodesReceiveEachOthersFramesExactlyOnceInOrder() throws Exception {
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        RoomLink a = link("a", atA);
        RoomLink b = link("b", atB);
        awaitConnected(a, b);
        assertThrows(NullPointerException.class, () -> a.publish(Kind.LINE, null, "refused, and not counted"));

        Thread senderA = new Thread(() -> publish(a, 1000));
        Thread senderB = new Thread(() -> publish(b, 1000));
        senderA.start();
        senderB.start();
        senderA.join(10_000);
        senderB.join(10_000);

        atB.assertReceivesInOrder("a", 1, 1000);
        atA.assertReceivesInOrder("b", 1, 1000);
        atA.assertNothingMore();
        atB.assertNothingMore();
        assertEquals(List.of(), atA.gaps);
        assertEquals(List.of(), atB.gaps);
    }

    @Test
    void readerResumesAfterItsConnectionIsKilled() throws Exception {
        Recorder atB = new Recorder();
        RoomLink a = link("a", new Recorder());
        RoomLink b = link("b", atB);
        awaitConnected(a, b);

        publish(a, 300);
        atB.assertReceivesInOrder("a", 1, 300);
        String before = b.lastId();
        // Every ordinary client goes: both readers, in the middle of a blocked XREAD, and both senders.
        Object killed = redis.command("CLIENT", "KILL", "TYPE", "normal");
        assertTrue(killed instanceof Long && (Long) killed >= 4, "killed " + killed);
        publish(a, 700);

        atB.assertReceivesInOrder("a", 301, 1000);
        atB.assertNothingMore();
        assertEquals(List.of(), atB.gaps);
        assertTrue(b.lastId().compareTo(before) > 0, before + " then " + b.lastId());
    }

    @Test
    void framesWaitInTheOutboxWhileRedisIsDown() throws Exception {
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        RoomLink a = link("a", atA);
        RoomLink b = link("b", atB);
        awaitConnected(a, b);
        publish(a, 10);
        atB.assertReceivesInOrder("a", 1, 10);

        redis.stop();
        await("a to notice", () -> atA.states.contains("down"));
        long start = System.nanoTime();
        publish(a, 1000);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 1000, "1000 publishes took " + tookMillis + " ms with Redis down");
        assertTrue(a.waiting() >= 1000 - 128, "waiting: " + a.waiting());

        redis.restart();
        atB.assertReceivesInOrder("a", 11, 1010);
        atB.assertNothingMore();
        assertEquals(List.of(), atB.gaps);
        assertEquals(List.of("up", "down", "up"), atA.states);
        assertEquals(0, a.dropped());
    }

    @Test
    void anOutboxThatOverflowsWhileRedisIsUpIsReportedOnBothSides() throws Exception {
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        RoomLink a = track(RoomLink.builder(redis.uri(), "lobby", "a").outboxCapacity(10).listener(atA).start());
        RoomLink b = link("b", atB);
        awaitConnected(a, b);
        publish(a, 5_000); // far faster than one batch at a time can carry
        for (long last = 0; last < 5_000; ) {
            ClusterFrame frame = atB.frames.poll(10, SECONDS);
            assertTrue(frame != null && frame.seq() > last, "in order, up to the last: " + frame + " after " + last);
            last = frame.seq();
        }
        assertTrue(a.flush(Duration.ofSeconds(5)));
        long dropped = a.dropped();
        assertTrue(dropped > 0, "some were dropped");
        await("every drop reported", () -> atA.overflows.stream().mapToLong(Long::longValue).sum() == dropped);
        assertEquals(dropped, atB.gaps.stream().mapToLong(gap -> Long.parseLong(gap.substring("a:".length()))).sum(),
                "the receiver counted the same loss: " + atB.gaps);
    }

    @Test
    void fullOutboxDropsTheOldestAndReceiversSeeTheGap() throws Exception {
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        RoomLink a = track(RoomLink.builder(redis.uri(), "lobby", "a").outboxCapacity(100).listener(atA).start());
        RoomLink b = link("b", atB);
        awaitConnected(a, b);
        publish(a, 1);
        atB.assertReceivesInOrder("a", 1, 1);

        redis.stop();
        await("a to notice", () -> atA.states.contains("down"));
        publish(a, 300); // 2..301: the oldest 200 cannot wait
        assertEquals(100, a.waiting());
        assertEquals(200, a.dropped());

        redis.restart();
        atB.assertReceivesInOrder("a", 202, 301);
        assertEquals(List.of("a:200"), atB.gaps);
        assertEquals(List.of(200L), atA.overflows);
    }

    @Test
    void trimmedStreamIsReportedAsAGap() throws Exception {
        Recorder atB = new Recorder();
        RoomLink b = link("b", atB);
        awaitConnected(b);
        List<List<String>> commands = new ArrayList<>();
        for (int seq = 1; seq <= 3; seq++) {
            commands.add(xadd(seq));
        }
        redis.pipeline(commands);
        atB.assertReceivesInOrder("x", 1, 3);

        // Atomically, so that the reader cannot slip in: seven more frames, of which the stream keeps two.
        commands.clear();
        commands.add(List.of("MULTI"));
        for (int seq = 4; seq <= 10; seq++) {
            commands.add(xadd(seq));
        }
        commands.add(List.of("XTRIM", "room:lobby", "MAXLEN", "2"));
        commands.add(List.of("EXEC"));
        redis.pipeline(commands);

        atB.assertReceivesInOrder("x", 9, 10);
        assertEquals(List.of("x:5"), atB.gaps);
    }

    @Test
    void framesLostAfterASendersLastWordAreReportedOnceTheStreamIsRead() throws Exception {
        Recorder atB = new Recorder();
        RoomLink b = link("b", atB);
        awaitConnected(b);
        redis.pipeline(List.of(xadd(1), xadd(2), xadd(3)));
        atB.assertReceivesInOrder("x", 1, 3);
        // x says (through presence) it had sent up to 5, then falls silent: 4 and 5 were lost.
        b.expectSettled("x", 7, 5);
        await("the gap to be reported", () -> !atB.gaps.isEmpty());
        assertEquals(List.of("x:2"), atB.gaps);
        b.expectSettled("x", 7, 5);
        redis.pipeline(List.of(xadd(6)));
        atB.assertReceivesInOrder("x", 6, 6);
        assertEquals(List.of("x:2"), atB.gaps, "reported once");
    }

    @Test
    void aLinkHasSettledWhatItHasSentOrDropped() throws Exception {
        RoomLink a = link("a", new Recorder());
        assertEquals(0, a.settled());
        awaitConnected(a);
        publish(a, 50);
        assertTrue(a.flush(Duration.ofSeconds(5)));
        assertEquals(50, a.settled());
    }

    @Test
    void malformedEntriesAreSkipped() throws Exception {
        Recorder atB = new Recorder();
        RoomLink b = link("b", atB);
        awaitConnected(b);
        redis.pipeline(List.of(xadd(1), List.of("XADD", "room:lobby", "*", "v", "1", "node", "x", "seq", "oops"), xadd(2)));
        atB.assertReceivesInOrder("x", 1, 2);
        atB.assertNothingMore();
    }

    @Test
    void streamStaysNearMaxLenAndAReaderThatFallsBehindIsToldWhatItMissed() throws Exception {
        Recorder atB = new Recorder();
        RoomLink a = track(RoomLink.builder(redis.uri(), "lobby", "a").maxLen(10).listener(new Recorder()).start());
        RoomLink b = link("b", atB);
        awaitConnected(a, b);
        publish(a, 2000);
        await("a's outbox to empty", () -> a.waiting() == 0);
        publish(a, 1);

        // With so short a stream, b may fall behind the trimming: then it hears how many it missed.
        long delivered = 0;
        long lastSeq = 0;
        while (lastSeq < 2001) {
            ClusterFrame frame = atB.frames.poll(10, SECONDS);
            if (frame == null) {
                fail("frame 2001 did not arrive; last was " + lastSeq + ", gaps " + atB.gaps);
            }
            assertTrue(frame.seq() > lastSeq, frame.seq() + " after " + lastSeq);
            lastSeq = frame.seq();
            delivered++;
        }
        long missing = atB.gaps.stream().mapToLong(g -> Long.parseLong(g.substring(g.indexOf(':') + 1))).sum();
        assertEquals(2001, delivered + missing, "delivered " + delivered + ", gaps " + atB.gaps);
        long length = (Long) redis.command("XLEN", "room:lobby");
        // MAXLEN ~ trims whole nodes of the stream (100 entries each by default), so "about 10".
        assertTrue(length <= 200, "XLEN " + length);
    }

    @Test
    void startsWhileRedisIsNotThereYet() throws Exception {
        redis.close();
        redis = TestRedis.notStarted();
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        RoomLink a = link("a", atA);
        RoomLink b = link("b", atB);
        await("a to find Redis missing", () -> atA.states.contains("down"));
        publish(a, 5); // before b could read the stream's end, so b does not see these

        redis.restart();
        awaitConnected(a, b);
        await("a's outbox to empty", () -> a.waiting() == 0);
        publish(b, 5);
        atA.assertReceivesInOrder("b", 1, 5);
        assertEquals(List.of("down", "up"), atA.states);
    }

    @Test
    void closesPromptlyWhileRedisIsDownAndRefusesLaterFrames() throws Exception {
        redis.stop();
        Recorder atA = new Recorder();
        RoomLink a = link("a", atA);
        await("a to find Redis missing", () -> atA.states.contains("down"));
        publish(a, 10);
        long start = System.nanoTime();
        a.close();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 5000, "close took " + tookMillis + " ms");
        assertThrows(IllegalStateException.class, () -> a.publish(Kind.LINE, "alice", "too late"));
        a.close(); // again: nothing happens
        assertEquals(List.of("down"), atA.states);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private RoomLink link(String node, Recorder recorder) {
        return track(RoomLink.builder(redis.uri(), "lobby", node).listener(recorder).start());
    }

    private RoomLink track(RoomLink link) {
        links.add(link);
        return link;
    }

    @Test
    void aLinkMadeJustAfterLinesWereSaidStillReadsThem() throws Exception {
        RoomLink a = link("a", new Recorder());
        awaitConnected(a);
        publish(a, 100);
        assertTrue(a.flush(Duration.ofSeconds(5)), "all 100 acknowledged by Redis");
        assertEquals(100L, redis.command("XLEN", "room:lobby"));
        // Said within the second before b existed, while b could not have been reading yet.
        Recorder atB = new Recorder();
        link("b", atB);
        atB.assertReceivesInOrder("a", 1, 100);
    }

    private static List<String> xadd(int seq) {
        return List.of("XADD", "room:lobby", "*", "v", "1", "node", "x", "epoch", "7", "seq", Integer.toString(seq),
                "kind", "LINE", "name", "xavier", "text", "line " + seq);
    }

    private static void publish(RoomLink link, int count) {
        for (int i = 0; i < count; i++) {
            link.publish(Kind.LINE, "user-" + link.node(), "line " + i);
        }
    }

    private static void awaitConnected(RoomLink... links) throws InterruptedException {
        for (RoomLink link : links) {
            await(link.node() + " to reach Redis", link::isUp);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Records what a link reports. */
    private static final class Recorder implements RoomLink.Listener {
        final BlockingQueue<ClusterFrame> frames = new LinkedBlockingQueue<>();
        final List<String> gaps = new CopyOnWriteArrayList<>();
        final List<String> states = new CopyOnWriteArrayList<>();
        final List<Long> overflows = new CopyOnWriteArrayList<>();

        @Override
        public void onFrame(ClusterFrame frame) {
            frames.add(frame);
        }

        @Override
        public void onGap(String node, long missing) {
            gaps.add(node + ":" + missing);
        }

        @Override
        public void onUp() {
            states.add("up");
        }

        @Override
        public void onDown() {
            states.add("down");
        }

        @Override
        public void onOutboxOverflow(long dropped) {
            overflows.add(dropped);
        }

        void assertReceivesInOrder(String node, long first, long last) throws InterruptedException {
            for (long seq = first; seq <= last; seq++) {
                ClusterFrame frame = frames.poll(10, SECONDS);
                if (frame == null) {
                    fail("frame " + seq + " from " + node + " did not arrive; gaps " + gaps);
                }
                assertEquals(node + "#" + seq, frame.node() + "#" + frame.seq(), () -> "gaps " + gaps);
            }
        }

        void assertNothingMore() throws InterruptedException {
            assertNull(frames.poll(200, MILLISECONDS));
        }
    }

}
