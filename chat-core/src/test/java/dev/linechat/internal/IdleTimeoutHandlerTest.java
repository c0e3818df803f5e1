package dev.linechat.internal;

import static dev.linechat.internal.PeerChannel.written;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.pipeline.ChatPipelines;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idle timeout in a server pipeline, on the channel's own clock, which the tests move by hand. */
class IdleTimeoutHandlerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String NOTICE = "* idle timeout: nothing received for 30s; closing the connection";

    private final EventRecorder app = new EventRecorder();

    private PeerChannel connect() throws Exception {
        return connect(app);
    }

    private static PeerChannel connect(EventRecorder app) throws Exception {
        ServerLimits limits = new ServerLimits(List.of(), List.of(), TIMEOUT, 32, 64, 1024, Duration.ofSeconds(5));
        PeerChannel ch = PeerChannel.laidOut("127.0.0.1", c -> {
            ChatPipelines.server(c.pipeline(), app);
            limits.install(c, null);
        });
        ch.freezeTime();
        return ch;
    }

    private static void wait(PeerChannel ch, long seconds) {
        ch.advanceTimeBy(seconds, SECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void noticeNamesTheTimeout() {
        assertEquals(NOTICE, IdleTimeoutHandler.notice(TIMEOUT));
        assertEquals("* idle timeout: nothing received for 500ms; closing the connection",
                IdleTimeoutHandler.notice(Duration.ofMillis(500)));
    }

    @Test
    void closesASilentClientWithOneNoticeOnceTheTimeoutHasPassed() throws Exception {
        PeerChannel ch = connect();
        wait(ch, 29);
        assertTrue(ch.isOpen());
        assertEquals("", written(ch));
        wait(ch, 2);
        assertEquals(NOTICE + "\n", written(ch));
        assertFalse(ch.isOpen());
        assertEquals(List.of(LocalCloseEvent.INSTANCE), app.received); // the session will say CLOSED_LOCALLY
        assertFalse(ch.finish());
    }

    @Test
    void everyByteFromTheClientRestartsTheTimer() throws Exception {
        PeerChannel ch = connect();
        wait(ch, 20);
        ch.type("hello\n");
        wait(ch, 20);
        ch.type("half a li"); // part of a line is activity too
        wait(ch, 20);
        ch.type("ne\n");
        wait(ch, 29);
        assertTrue(ch.isOpen());
        assertEquals("", written(ch));
        wait(ch, 2);
        assertEquals(NOTICE + "\n", written(ch));
        assertFalse(ch.isOpen());
        assertEquals(List.of("hello", "half a line", LocalCloseEvent.INSTANCE), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void linesSentToTheClientDoNotCountAsActivity() throws Exception {
        PeerChannel ch = connect();
        wait(ch, 20);
        ch.writeAndFlush("are you there?");
        wait(ch, 11);
        assertEquals("are you there?\n" + NOTICE + "\n", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void timesEachConnectionOnItsOwn() throws Exception {
        PeerChannel silent = connect(new EventRecorder());
        PeerChannel talking = connect(new EventRecorder());
        wait(silent, 20);
        wait(talking, 20);
        talking.type("still here\n");
        wait(silent, 11);
        wait(talking, 11);
        assertFalse(silent.isOpen());
        assertTrue(talking.isOpen());
        assertEquals(NOTICE + "\n", written(silent));
        assertEquals("", written(talking));
        assertFalse(silent.finish());
        assertFalse(talking.finish());
    }

    @Test
    void closesOnceTheNoticeIsOutOrTheGraceHasPassed() throws Exception {
        PeerChannel reads = connectThrough(new HeldWrites());
        PeerChannel neverReads = connectThrough(new HeldWrites());
        wait(reads, 31);
        wait(neverReads, 31);
        assertTrue(reads.isOpen()); // the notice is still on its way
        assertTrue(neverReads.isOpen());

        ((HeldWrites) reads.pipeline().first()).letThrough();
        assertEquals(NOTICE + "\n", written(reads));
        assertFalse(reads.isOpen());

        wait(neverReads, 4);
        assertTrue(neverReads.isOpen());
        wait(neverReads, 1);
        assertFalse(neverReads.isOpen()); // cut off: the grace is over
        assertFalse(reads.finish());
        assertFalse(neverReads.finish());
    }

    private PeerChannel connectThrough(HeldWrites socket) throws Exception {
        ServerLimits limits = new ServerLimits(List.of(), List.of(), TIMEOUT, 32, 64, 1024, Duration.ofSeconds(5));
        PeerChannel ch = PeerChannel.laidOut("127.0.0.1", c -> {
            c.pipeline().addLast(socket);
            ChatPipelines.server(c.pipeline(), new EventRecorder());
            limits.install(c, null);
        });
        ch.freezeTime();
        return ch;
    }
}
