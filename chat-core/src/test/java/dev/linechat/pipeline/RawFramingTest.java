package dev.linechat.pipeline;

import static dev.linechat.pipeline.Wire.bytes;
import static dev.linechat.pipeline.Wire.readFrame;
import static dev.linechat.pipeline.Wire.utf8;
import static dev.linechat.pipeline.Wire.written;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawFramingTest {

    private static final LineOptions RAW = LineOptions.DEFAULT.withFraming(Framing.RAW);

    private static EmbeddedChannel rawServer(RecordingHandler app) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), RAW, app);
        return ch;
    }

    @Test
    void eachChunkIsOneMessageTerminatorsIncluded() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = rawServer(app);
        ch.writeInbound(utf8("Hello? Are you there?"));
        ch.writeInbound(utf8("two\nlines\n"));
        assertEquals(List.of("Hello? Are you there?", "two\nlines\n"), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void sendsMessagesWithoutTerminator() {
        EmbeddedChannel ch = rawServer(new RecordingHandler());
        ch.writeAndFlush("Yes? Whats the big idea?");
        ch.writeAndFlush("");
        assertEquals("Yes? Whats the big idea?", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void holdsBackACharacterCutBetweenReads() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = rawServer(app);
        byte[] euro = "a€".getBytes(UTF_8); // 61 E2 82 AC
        ch.writeInbound(bytes(euro[0], euro[1], euro[2]));
        ch.writeInbound(bytes(euro[3], 'b'));
        assertEquals(List.of("a", "€b"), app.received);
        assertFalse(ch.finish());
    }

    @Test
    void decodesACutCharacterAsReplacementWhenThePeerCloses() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = rawServer(app);
        ch.writeInbound(bytes('x', 0xE2, 0x82));
        assertFalse(ch.finish());
        assertEquals(List.of("x", "\uFFFD"), app.received);
    }

    @Test
    void cutsAChunkLongerThanTheLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(4, true));
        ch.writeInbound(utf8("abcdefghij"));
        assertEquals("abcd", readFrame(ch));
        assertEquals("efgh", readFrame(ch));
        assertEquals("ij", readFrame(ch));
        assertNull(readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void byeAloneInAChunkEndsTheConversation() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = rawServer(app);
        ch.writeInbound(utf8("BYE"));
        assertEquals(List.of(ByeEvent.RECEIVED), app.received);
        assertFalse(ch.isOpen());
        assertEquals("", written(ch));
        assertFalse(ch.finish());
    }
}
