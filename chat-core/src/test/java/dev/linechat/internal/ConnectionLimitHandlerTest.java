package dev.linechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLimitHandlerTest {

    /** Stands in for the handlers after the limiter: records every inbound event that reaches it. */
    private static final class RecordingHandler extends ChannelInboundHandlerAdapter {
        final List<String> events = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            events.add("active");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            events.add("read " + msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add("event " + evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.add("exception " + cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            events.add("inactive");
        }
    }

    private static EmbeddedChannel connect(ConnectionLimitHandler limiter, RecordingHandler app) {
        // As in ChatServer: the encoder sits before the limiter, so the notice goes out as a line.
        return new EmbeddedChannel(LineEncoder.UTF_8, limiter, app);
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder text = new StringBuilder();
        for (ByteBuf buf; (buf = ch.readOutbound()) != null; ) {
            text.append(buf.toString(UTF_8));
            buf.release();
        }
        return text.toString();
    }

    @Test
    void admitsConnectionsUpToTheLimit() {
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(2);
        RecordingHandler firstApp = new RecordingHandler();
        RecordingHandler secondApp = new RecordingHandler();
        EmbeddedChannel first = connect(limiter, firstApp);
        EmbeddedChannel second = connect(limiter, secondApp);
        assertTrue(first.isOpen());
        assertTrue(second.isOpen());
        assertEquals(List.of("active"), firstApp.events);
        assertEquals(List.of("active"), secondApp.events);
        assertEquals("", written(first));
        assertEquals("", written(second));
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @Test
    void refusesConnectionOverTheLimitWithOneNoticeAndClosesIt() {
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(1);
        RecordingHandler admittedApp = new RecordingHandler();
        RecordingHandler refusedApp = new RecordingHandler();
        EmbeddedChannel admitted = connect(limiter, admittedApp);
        EmbeddedChannel refused = connect(limiter, refusedApp);

        assertEquals(ConnectionLimitHandler.notice(1) + "\n", written(refused));
        assertFalse(refused.isOpen());
        assertFalse(refused.finish());
        assertEquals(List.of(), refusedApp.events);

        assertTrue(admitted.isOpen());
        assertEquals("", written(admitted));
        assertEquals(List.of("active"), admittedApp.events);
        assertFalse(admitted.finish());
    }

    @Test
    void handlersAfterTheLimiterNeverHearOfARefusedConnection() {
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(1);
        EmbeddedChannel admitted = connect(limiter, new RecordingHandler());
        HeldWrites held = new HeldWrites();
        RecordingHandler refusedApp = new RecordingHandler();
        EmbeddedChannel refused = new EmbeddedChannel(held, LineEncoder.UTF_8, limiter, refusedApp);
        assertTrue(refused.isOpen()); // the notice is still on its way

        ByteBuf late = Unpooled.copiedBuffer("late\n", UTF_8);
        assertFalse(refused.writeInbound(late));
        assertEquals(0, late.refCnt());
        refused.pipeline().fireUserEventTriggered("some event");
        assertEquals(List.of(), refusedApp.events);

        held.letThrough();
        assertEquals(ConnectionLimitHandler.notice(1) + "\n", written(refused));
        assertFalse(refused.isOpen());
        assertFalse(refused.finish());
        assertEquals(List.of(), refusedApp.events);
        assertFalse(admitted.finish());
    }

    @Test
    void failureOfARefusedConnectionJustClosesIt() {
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(1);
        EmbeddedChannel admitted = connect(limiter, new RecordingHandler());
        HeldWrites held = new HeldWrites();
        RecordingHandler refusedApp = new RecordingHandler();
        EmbeddedChannel refused = new EmbeddedChannel(held, LineEncoder.UTF_8, limiter, refusedApp);

        refused.pipeline().fireExceptionCaught(new IllegalStateException("reset"));
        assertFalse(refused.isOpen());
        refused.checkException();
        held.letThrough(); // too late: the channel is closed, and the notice is released
        assertFalse(refused.finish());
        assertEquals(List.of(), refusedApp.events);
        assertTrue(admitted.isOpen());
        assertFalse(admitted.finish());
    }

    @Test
    void refusedConnectionDoesNotFreeASlotWhenItCloses() {
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(1);
        EmbeddedChannel admitted = connect(limiter, new RecordingHandler());
        for (int attempt = 0; attempt < 3; attempt++) {
            RecordingHandler refusedApp = new RecordingHandler();
            EmbeddedChannel refused = connect(limiter, refusedApp);
            assertEquals(ConnectionLimitHandler.notice(1) + "\n", written(refused), "attempt " + attempt);
            assertFalse(refused.finish());
            assertEquals(List.of(), refusedApp.events);
        }
        assertTrue(admitted.isOpen());
        assertFalse(admitted.finish());
    }

    @Test
    void admitsNewConnectionOnceAnAdmittedOneHasClosed() {
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(1);
        RecordingHandler firstApp = new RecordingHandler();
        EmbeddedChannel first = connect(limiter, firstApp);
        assertFalse(first.finish());
        assertEquals(List.of("active", "inactive"), firstApp.events);

        RecordingHandler nextApp = new RecordingHandler();
        EmbeddedChannel next = connect(limiter, nextApp);
        assertTrue(next.isOpen());
        assertEquals("", written(next));
        assertEquals(List.of("active"), nextApp.events);
        assertFalse(next.finish());
    }

    @Test
    void admittedConnectionsPassEverythingOn() {
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(1);
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = connect(limiter, app);
        ch.pipeline().fireChannelRead("line");
        ch.pipeline().fireUserEventTriggered("event");
        assertFalse(ch.finish());
        assertEquals(List.of("active", "read line", "event event", "inactive"), app.events);
    }

    @Test
    void noticeSaysBusyForOneClientAndFullForMore() {
        assertEquals("ERROR server busy: another conversation is in progress; try again later",
                ConnectionLimitHandler.notice(1));
        String full = ConnectionLimitHandler.notice(3);
        assertTrue(full.startsWith("ERROR server full"), full);
        assertTrue(full.contains("3"), full);
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimitHandler(0));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimitHandler(-1));
    }

    @Test
    void refusedConnectionStopsReading() {
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(1);
        EmbeddedChannel admitted = connect(limiter, new RecordingHandler());
        EmbeddedChannel refused = connect(limiter, new RecordingHandler());
        written(refused);
        assertFalse(refused.config().isAutoRead());
        assertTrue(admitted.config().isAutoRead());
        assertFalse(refused.finish());
        assertFalse(admitted.finish());
    }
}
