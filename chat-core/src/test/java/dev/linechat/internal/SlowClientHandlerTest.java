package dev.linechat.internal;

import static dev.linechat.internal.PeerChannel.written;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.internal.SlowClientHandler.LineDroppedException;
import dev.linechat.pipeline.ChatPipelines;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slow-client policy in a server pipeline whose socket holds every write back until the test lets
 * them through: lines of ten bytes (nine and the terminator), water marks at 20 and 40 bytes, a
 * disconnect once more than 50 bytes have been dropped.
 */
class SlowClientHandlerTest {

    private static final String LINE = "123456789";
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final HeldWrites socket = new HeldWrites();
    private final EventRecorder app = new EventRecorder();

    private PeerChannel connect() throws Exception {
        ServerLimits limits = new ServerLimits(List.of(), List.of(), Duration.ZERO, 20, 40, 50, GRACE);
        PeerChannel ch = PeerChannel.laidOut("127.0.0.1", c -> {
            c.pipeline().addLast(socket);
            ChatPipelines.server(c.pipeline(), app);
            limits.install(c, null);
        });
        ch.freezeTime();
        return ch;
    }

    private static List<ChannelFuture> send(PeerChannel ch, int lines) {
        List<ChannelFuture> sent = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            sent.add(ch.writeAndFlush(LINE));
        }
        return sent;
    }

    private static String lines(int count) {
        return (LINE + "\n").repeat(count);
    }

    @Test
    void letsLinesThroughUpToTheHighWaterMark() throws Exception {
        PeerChannel ch = connect();
        List<ChannelFuture> sent = send(ch, 4); // the fourth takes the backlog to the mark, whole
        assertEquals(4, socket.held());
        assertTrue(sent.stream().noneMatch(ChannelFuture::isDone));
        socket.letThrough();
        assertEquals(lines(4), written(ch));
        assertTrue(sent.stream().allMatch(ChannelFuture::isSuccess));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void dropsWholeLinesOnceTheBacklogIsOverTheHighWaterMark() throws Exception {
        PeerChannel ch = connect();
        send(ch, 4);
        List<ChannelFuture> dropped = send(ch, 2);
        assertEquals(4, socket.held());
        for (ChannelFuture line : dropped) {
            assertSame(LineDroppedException.INSTANCE, line.cause());
        }
        ch.writeAndFlush(LINE, ch.voidPromise()); // dropped too, without firing an exception
        ch.checkException();
        assertTrue(ch.isOpen());
        socket.letThrough();
        assertEquals(lines(4), written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void tellsAClientThatCatchesUpHowManyLinesItMissedAndCarriesOn() throws Exception {
        PeerChannel ch = connect();
        send(ch, 4);
        send(ch, 3);
        socket.letThrough();
        ch.runPendingTasks();
        socket.letThrough();
        assertEquals(lines(4) + SlowClientHandler.missedNotice(3) + "\n", written(ch));
        List<ChannelFuture> after = send(ch, 2);
        socket.letThrough();
        assertEquals(lines(2), written(ch));
        assertTrue(after.stream().allMatch(ChannelFuture::isSuccess));
        assertFalse(ch.finish());
    }

    @Test
    void countsEveryLineOfADroppedBatch() throws Exception {
        PeerChannel ch = connect();
        send(ch, 4);
        // A room relays a read burst's lines as one buffer: dropping it misses all of them.
        ch.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(lines(3), java.nio.charset.StandardCharsets.UTF_8));
        send(ch, 1);
        socket.letThrough();
        ch.runPendingTasks();
        socket.letThrough();
        assertEquals(lines(4) + SlowClientHandler.missedNotice(4) + "\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void keepsDroppingUntilTheBacklogIsDownToTheLowWaterMark() throws Exception {
        PeerChannel ch = connect();
        send(ch, 4);
        socket.letThrough(1); // backlog 30: still over the low-water mark
        assertFalse(send(ch, 1).get(0).isSuccess());
        socket.letThrough(1); // backlog 20: down to it
        ch.runPendingTasks();
        List<ChannelFuture> after = send(ch, 1);
        assertEquals(2 + 1 + 1, socket.held()); // two lines, the notice, the new line
        socket.letThrough();
        assertEquals(lines(4) + SlowClientHandler.missedNotice(1) + "\n" + lines(1), written(ch));
        assertTrue(after.get(0).isSuccess());
        assertFalse(ch.finish());
    }

    @Test
    void disconnectsWithANoticeOnceMoreThanTheBoundHasBeenDropped() throws Exception {
        PeerChannel ch = connect();
        send(ch, 4);
        send(ch, 5); // 50 bytes dropped: not more than the bound yet
        assertTrue(ch.isOpen());
        assertEquals(List.of(), app.received);
        send(ch, 1); // 60
        assertEquals(List.of(LocalCloseEvent.INSTANCE), app.received);
        assertEquals(5, socket.held()); // the notice, queued behind the lines, past the policy
        send(ch, 3); // dropped, and no longer counted
        assertEquals(5, socket.held());
        socket.letThrough();
        assertEquals(lines(4) + SlowClientHandler.disconnectNotice(6, 60) + "\n", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void cutsOffAClientThatNeverReadsItsNotice() throws Exception {
        PeerChannel ch = connect();
        send(ch, 4 + 6);
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(GRACE.toSeconds() - 1, SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(1, SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void lastWordsAndEmptyBuffersGoPastThePolicy() throws Exception {
        PeerChannel ch = connect();
        send(ch, 4 + 2);
        ChannelFuture flushed = ch.writeAndFlush(Unpooled.EMPTY_BUFFER);
        ChannelFuture farewell = LastWords.write(ch, "* server is shutting down");
        assertEquals(6, socket.held());
        socket.letThrough();
        assertTrue(flushed.isSuccess());
        assertTrue(farewell.isSuccess());
        assertEquals(lines(4) + "* server is shutting down\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void noticesSayWhatHappened() {
        assertEquals("* you missed 1 line: you were not reading fast enough", SlowClientHandler.missedNotice(1));
        assertEquals("* you missed 7 lines: you were not reading fast enough", SlowClientHandler.missedNotice(7));
        assertEquals("ERROR too slow: 3 lines (30 bytes) were dropped because you were not reading;"
                + " closing the connection", SlowClientHandler.disconnectNotice(3, 30));
    }

    @Test
    void buffersOfDroppedLinesAreReleased() throws Exception {
        PeerChannel ch = connect();
        send(ch, 4);
        ByteBuf shared = Unpooled.copiedBuffer(LINE + "\n", StandardCharsets.UTF_8);
        ChannelFuture dropped = ch.writeAndFlush(shared.retainedDuplicate()); // as a room broadcasts
        assertFalse(dropped.isSuccess());
        assertEquals(1, shared.refCnt());
        shared.release();
        socket.letThrough();
        written(ch);
        assertFalse(ch.finish());
    }
}
