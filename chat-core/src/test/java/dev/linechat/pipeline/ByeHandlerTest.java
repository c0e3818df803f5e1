package dev.linechat.pipeline;

import static dev.linechat.pipeline.Wire.utf8;
import static dev.linechat.pipeline.Wire.written;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ByeHandlerTest {

    private static EmbeddedChannel serverWith(RecordingHandler app) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), app);
        return ch;
    }

    @Test
    void receivedByeIsAnEventNotALine() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeInbound(utf8("hello\nBYE\n"));
        assertEquals(List.of("hello", ByeEvent.RECEIVED), app.received);
        assertEquals("", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void closesAfterReceivedByeIsAnswered() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeInbound(utf8("BYE\r\n"));
        assertFalse(ch.isOpen());
        assertEquals(List.of(ByeEvent.RECEIVED), app.received);
        assertEquals("", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void flushesReplyQueuedBeforeReceivedByeThenCloses() {
        RecordingHandler app = new RecordingHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                super.channelRead(ctx, msg);
                ctx.write("you said " + msg); // queued, not flushed
            }
        };
        EmbeddedChannel ch = serverWith(app);
        ch.writeInbound(utf8("hi\n"));
        assertEquals("", written(ch));
        assertTrue(ch.isOpen());

        ch.writeInbound(utf8("BYE\n"));
        assertEquals("you said hi\n", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void dropsLinesAfterByeInTheSameRead() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeInbound(utf8("before\nBYE\nafter\nBYE\n"));
        assertEquals(List.of("before", ByeEvent.RECEIVED), app.received);
        assertEquals("", written(ch));
        assertFalse(ch.finish());
        assertEquals(List.of("before", ByeEvent.RECEIVED), app.received);
    }

    @Test
    void dropsUnterminatedLineAfterByeWhenTheChannelCloses() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeInbound(utf8("BYE\ntail"));
        assertEquals("", written(ch));
        assertFalse(ch.finish());
        assertEquals(List.of(ByeEvent.RECEIVED), app.received);
    }

    @Test
    void deliversWordsThatAreNotExactlyBye() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeInbound(utf8("bye\nBYE \n BYE\nBYE!\n"));
        assertEquals(List.of("bye", "BYE ", " BYE", "BYE!"), app.received);
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void writtenByeFiresSentIsFlushedAndClosesWhenThePeerDoesNot() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.freezeTime();
        ChannelFuture bye = ch.write("BYE"); // no flush asked for: the handler flushes it anyway
        assertEquals("BYE\n", written(ch));
        assertTrue(bye.isSuccess());
        assertEquals(List.of(ByeEvent.SENT), app.received);

        ch.advanceTimeBy(ByeHandler.LINGER.toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen(), "waits for the peer to close first");
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void deliversLinesThePeerSentBeforeItSawOurBye() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeAndFlush("BYE");
        ch.writeInbound(utf8("a reply already on its way\n"));
        assertEquals(List.of(ByeEvent.SENT, "a reply already on its way"), app.received);
        assertEquals("BYE\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void closesAtOnceWhenThePeerAnswersByeWithBye() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeAndFlush("BYE");
        ch.writeInbound(utf8("BYE\nignored\n"));
        assertFalse(ch.isOpen());
        assertEquals(List.of(ByeEvent.SENT, ByeEvent.RECEIVED), app.received); // both said it
        assertEquals("BYE\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void writtenByeAsAnyCharSequenceEndsTheConversation() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.freezeTime();
        ch.writeAndFlush(new StringBuilder("BYE"));
        assertEquals("BYE\n", written(ch));
        ch.advanceTimeBy(ByeHandler.LINGER.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        assertEquals(List.of(ByeEvent.SENT), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void otherWrittenLinesPassThroughAndKeepTheChannelOpen() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeAndFlush("bye");
        ch.writeAndFlush("BYE now");
        assertEquals("bye\nBYE now\n", written(ch));
        assertTrue(ch.isOpen());
        assertEquals(List.of(), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void byeWrittenInReplyToByeGoesOutBeforeTheChannelCloses() {
        RecordingHandler app = new RecordingHandler() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                super.userEventTriggered(ctx, evt);
                if (evt == ByeEvent.RECEIVED) {
                    ctx.writeAndFlush(ByeHandler.BYE);
                }
            }
        };
        EmbeddedChannel ch = serverWith(app);
        ch.writeInbound(utf8("BYE\n"));
        assertEquals("BYE\n", written(ch));
        assertFalse(ch.isOpen());
        assertEquals(List.of(ByeEvent.RECEIVED), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void sayingByeTwiceIsHarmless() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.freezeTime();
        ChannelFuture first = ch.writeAndFlush("BYE");
        ChannelFuture second = ch.writeAndFlush("BYE");
        assertTrue(first.isSuccess());
        assertTrue(second.isSuccess());
        ch.advanceTimeBy(ByeHandler.LINGER.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        assertInstanceOf(ClosedChannelException.class, ch.writeAndFlush("BYE").cause());
        assertEquals("BYE\nBYE\n", written(ch));
        assertEquals(List.of(ByeEvent.SENT), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void closingTwiceIsHarmless() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeAndFlush("BYE");
        assertTrue(ch.close().isSuccess());
        assertTrue(ch.close().isSuccess());
        assertFalse(ch.isOpen());
        assertEquals("BYE\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void recognisesOnlyTheExactWord() {
        assertTrue(ByeHandler.isBye("BYE"));
        assertTrue(ByeHandler.isBye(new StringBuilder("BYE")));
        assertFalse(ByeHandler.isBye("bye"));
        assertFalse(ByeHandler.isBye("BYE "));
        assertFalse(ByeHandler.isBye(""));
    }

    @Test
    void reportsNoOverlongLineAfterByeInTheSameRead() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = serverWith(app);
        ch.writeInbound(utf8("BYE\n" + "x".repeat(LineOptions.DEFAULT_MAX_LINE_LENGTH + 1) + "\nlater\n"));
        assertEquals(List.of(ByeEvent.RECEIVED), app.received);
        assertEquals("", written(ch));
        assertFalse(ch.finish());
    }
}
