package dev.linechat.pipeline;

import static dev.linechat.pipeline.Wire.utf8;
import static dev.linechat.pipeline.Wire.written;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.pipeline.OverlongLineHandler.OverlongLineEvent;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlongLineHandlerTest {

    private static final int MAX = 8;
    private static final LineOptions OPTIONS = new LineOptions(MAX, UTF_8);
    private static final String NOTICE_LINE = OverlongLineHandler.notice(MAX) + "\n";

    private final RecordingHandler app = new RecordingHandler();

    private EmbeddedChannel server() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), OPTIONS, app);
        return ch;
    }

    private EmbeddedChannel client() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.client(ch.pipeline(), OPTIONS, app);
        return ch;
    }

    @Test
    void noticeIsAnErrorLineNamingTheLimit() {
        String notice = OverlongLineHandler.notice(4096);
        assertTrue(notice.startsWith("ERROR "), notice);
        assertTrue(notice.contains("4096"), notice);
        assertFalse(notice.contains("\n") || notice.contains("\r"), notice);
    }

    @Test
    void serverDiscardsOverlongLineInOneReadAndTellsThePeerOnce() {
        EmbeddedChannel ch = server();
        ch.writeInbound(utf8("before\n123456789\nnext\n"));
        assertEquals(NOTICE_LINE, written(ch));
        assertEquals(List.of("before", new OverlongLineEvent(MAX), "next"), app.received);
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void serverDiscardsOverlongLineArrivingAcrossReadsAndTellsThePeerOnce() {
        EmbeddedChannel ch = server();
        ch.writeInbound(utf8("12345"));
        ch.writeInbound(utf8("67890"));
        ch.writeInbound(utf8("abcdef"));
        assertEquals("", written(ch));
        assertEquals(List.of(), app.received);

        ch.writeInbound(utf8("gh\r\nnext\n"));
        assertEquals(NOTICE_LINE, written(ch));
        assertEquals(List.of(new OverlongLineEvent(MAX), "next"), app.received);
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void serverAnswersEachOverlongLine() {
        EmbeddedChannel ch = server();
        ch.writeInbound(utf8("123456789\n"));
        ch.writeInbound(utf8("abcdefghi\n"));
        assertEquals(NOTICE_LINE + NOTICE_LINE, written(ch));
        assertEquals(List.of(new OverlongLineEvent(MAX), new OverlongLineEvent(MAX)), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void clientDiscardsOverlongLineInOneReadAndTellsTheServerOnce() {
        EmbeddedChannel ch = client();
        ch.writeInbound(utf8("123456789\nnext\n"));
        assertEquals(NOTICE_LINE, written(ch));
        assertEquals(List.of(new OverlongLineEvent(MAX), "next"), app.received);
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void clientDiscardsOverlongLineArrivingAcrossReadsAndTellsTheServerOnce() {
        EmbeddedChannel ch = client();
        ch.writeInbound(utf8("1234567890"));
        assertEquals("", written(ch));
        ch.writeInbound(utf8("abc\nnext\n"));
        assertEquals(NOTICE_LINE, written(ch));
        assertEquals(List.of(new OverlongLineEvent(MAX), "next"), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void overlongUnterminatedLineIsReportedWhenThePeerHalfCloses() {
        EmbeddedChannel ch = server();
        ch.writeInbound(utf8("fine\n1234567890"));
        ch.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        assertEquals(NOTICE_LINE, written(ch));
        assertEquals(List.of("fine", new OverlongLineEvent(MAX),
                io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void limitCountsBytesNotCharacters() {
        EmbeddedChannel ch = server();
        ch.writeInbound(utf8("éééé\n")); // 8 bytes
        ch.writeInbound(utf8("éééée\n")); // 9 bytes in 5 characters
        assertEquals(NOTICE_LINE, written(ch));
        assertEquals(List.of("éééé", new OverlongLineEvent(MAX)), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void otherExceptionsPassThroughUntouched() {
        EmbeddedChannel ch = server();
        IllegalStateException boom = new IllegalStateException("boom");
        ch.pipeline().fireExceptionCaught(boom);
        assertSame(boom, assertThrows(IllegalStateException.class, ch::checkException));
        assertEquals("", written(ch));
        assertEquals(List.of(), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void doesNotAnswerAnOverlongErrorReport() {
        EmbeddedChannel ch = client();
        ch.writeInbound(utf8(OverlongLineHandler.notice(100) + "\n")); // the peer's notice, too long here
        ch.writeInbound(utf8("ERROR "));
        ch.writeInbound(utf8("another report, arriving in pieces\n"));
        assertEquals("", written(ch));
        assertEquals(List.of(new OverlongLineEvent(MAX), new OverlongLineEvent(MAX)), app.received);
        ch.writeInbound(utf8("ERRORS aside, this is a line\n"));
        assertEquals(NOTICE_LINE, written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void twoPeersWithSmallLimitsDoNotTradeNoticesForEver() {
        EmbeddedChannel server = server();
        RecordingHandler clientApp = new RecordingHandler();
        EmbeddedChannel client = new EmbeddedChannel();
        ChatPipelines.client(client.pipeline(), OPTIONS, clientApp);
        client.writeOutbound("a line longer than eight bytes");
        for (int hops = 0; hops < 10; hops++) {
            Object toServer = client.readOutbound();
            if (toServer != null) {
                server.writeInbound(toServer);
            }
            Object toClient = server.readOutbound();
            if (toClient != null) {
                client.writeInbound(toClient);
            }
        }
        assertEquals(List.of(new OverlongLineEvent(MAX)), app.received); // the line; the server's notice
        assertEquals(List.of(new OverlongLineEvent(MAX)), clientApp.received); // is too long for the client
        assertEquals("", written(server));
        assertEquals("", written(client));
        assertFalse(server.finish());
        assertFalse(client.finish());
    }
}
