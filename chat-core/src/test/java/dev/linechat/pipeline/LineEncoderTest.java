package dev.linechat.pipeline;

import static dev.linechat.pipeline.Wire.bytes;
import static dev.linechat.pipeline.Wire.writtenBytes;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class LineEncoderTest {

    @Test
    void endsEachLineWithLfOnly() {
        // The foreign-platform run sets line.separator to CRLF: the wire must not follow it.
        EmbeddedChannel ch = new EmbeddedChannel(LineEncoder.UTF_8);
        assertTrue(ch.writeOutbound("one", "two"));
        assertArrayEquals(new byte[] {'o', 'n', 'e', '\n', 't', 'w', 'o', '\n'}, writtenBytes(ch));
        assertFalse(ch.finish());
    }

    @Test
    void encodesEmptyStringAsBareLf() {
        EmbeddedChannel ch = new EmbeddedChannel(LineEncoder.UTF_8);
        assertTrue(ch.writeOutbound(""));
        assertArrayEquals(new byte[] {'\n'}, writtenBytes(ch));
        assertFalse(ch.finish());
    }

    @Test
    void encodesNonAsciiAsUtf8() {
        EmbeddedChannel ch = new EmbeddedChannel(LineEncoder.UTF_8);
        assertTrue(ch.writeOutbound("é€😀"));
        byte[] expected = {
            (byte) 0xC3, (byte) 0xA9,
            (byte) 0xE2, (byte) 0x82, (byte) 0xAC,
            (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80,
            '\n'};
        assertArrayEquals(expected, writtenBytes(ch));
        assertFalse(ch.finish());
    }

    @Test
    void encodesAnyCharSequence() {
        EmbeddedChannel ch = new EmbeddedChannel(LineEncoder.UTF_8);
        assertTrue(ch.writeOutbound(new StringBuilder("built")));
        assertArrayEquals(new byte[] {'b', 'u', 'i', 'l', 't', '\n'}, writtenBytes(ch));
        assertFalse(ch.finish());
    }

    @Test
    void encodesInTheGivenCharset() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineEncoder(ISO_8859_1));
        assertTrue(ch.writeOutbound("é", ""));
        assertArrayEquals(new byte[] {(byte) 0xE9, '\n', '\n'}, writtenBytes(ch));
        assertFalse(ch.finish());
    }

    @Test
    void passesBuffersThroughUntouched() {
        EmbeddedChannel ch = new EmbeddedChannel(LineEncoder.UTF_8);
        ByteBuf raw = bytes('r', 'a', 'w');
        assertTrue(ch.writeOutbound(raw));
        ByteBuf out = ch.readOutbound();
        try {
            assertSame(raw, out);
            assertEquals(3, out.readableBytes());
        } finally {
            out.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void sharedInstanceServesSeveralChannels() {
        EmbeddedChannel first = new EmbeddedChannel(LineEncoder.UTF_8);
        EmbeddedChannel second = new EmbeddedChannel(LineEncoder.UTF_8);
        assertTrue(first.writeOutbound("a"));
        assertTrue(second.writeOutbound("b"));
        assertArrayEquals(new byte[] {'a', '\n'}, writtenBytes(first));
        assertArrayEquals(new byte[] {'b', '\n'}, writtenBytes(second));
        assertFalse(first.finish());
        assertFalse(second.finish());
    }
}
