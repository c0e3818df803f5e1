package dev.linechat.pipeline;

import static dev.linechat.pipeline.Wire.readFrame;
import static dev.linechat.pipeline.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

class LineFrameDecoderTest {

    private static final int MAX = 8;

    private final EmbeddedChannel ch = new EmbeddedChannel(new LineFrameDecoder(MAX));

    @Test
    void decodesLineSplitAcrossReads() {
        assertFalse(ch.writeInbound(utf8("he")));
        assertFalse(ch.writeInbound(utf8("ll")));
        assertTrue(ch.writeInbound(utf8("o\n")));
        assertEquals("hello", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void decodesSeveralLinesInOneRead() {
        assertTrue(ch.writeInbound(utf8("one\ntwo\nthree\n")));
        assertEquals("one", readFrame(ch));
        assertEquals("two", readFrame(ch));
        assertEquals("three", readFrame(ch));
        assertNull(readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void stripsLfAndCrLfTerminators() {
        assertTrue(ch.writeInbound(utf8("lf\ncrlf\r\n")));
        assertEquals("lf", readFrame(ch));
        assertEquals("crlf", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void stripsCrLfSplitBetweenReads() {
        assertFalse(ch.writeInbound(utf8("crlf\r")));
        assertTrue(ch.writeInbound(utf8("\n")));
        assertEquals("crlf", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void decodesEmptyLines() {
        assertTrue(ch.writeInbound(utf8("\n\r\n")));
        assertEquals("", readFrame(ch));
        assertEquals("", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void deliversUnterminatedLastLineWhenInputCloses() {
        assertTrue(ch.writeInbound(utf8("one\nlast")));
        assertEquals("one", readFrame(ch));
        assertTrue(ch.finish());
        assertEquals("last", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void stripsCarriageReturnFromUnterminatedLastLine() {
        assertFalse(ch.writeInbound(utf8("last\r")));
        ch.close();
        assertEquals("last", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void deliversNothingMoreWhenInputClosesAfterATerminator() {
        assertTrue(ch.writeInbound(utf8("one\n")));
        assertEquals("one", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void acceptsLineOfExactlyTheLimit() {
        assertTrue(ch.writeInbound(utf8("12345678\n12345678\r\n")));
        assertEquals("12345678", readFrame(ch));
        assertEquals("12345678", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void discardsOverlongLineInOneReadAndKeepsTheNext() {
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(utf8("123456789\nnext\n")));
        assertEquals("next", readFrame(ch));
        assertNull(readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void discardsOverlongLineAcrossReadsAndReportsItOnceItsEndArrives() {
        assertFalse(ch.writeInbound(utf8("12345")));
        assertFalse(ch.writeInbound(utf8("67890"))); // over the limit now, but no report before the end
        assertFalse(ch.writeInbound(utf8("abcdef")));
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(utf8("gh\r\nnext\n")));
        assertEquals("next", readFrame(ch));
        assertNull(readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void reportsOverlongUnterminatedLastLineWhenInputCloses() {
        assertTrue(ch.writeInbound(utf8("one\n123456789")));
        assertEquals("one", readFrame(ch));
        assertThrows(TooLongFrameException.class, ch::finish);
        assertNull(readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void reportsOverlongLineBeingDiscardedWhenInputCloses() {
        assertFalse(ch.writeInbound(utf8("1234567890")));
        assertFalse(ch.writeInbound(utf8("abcdef"))); // discarding, still no terminator
        TooLongFrameException e = assertThrows(TooLongFrameException.class, ch::finish);
        assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
        assertNull(readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void waitsForTheLineFeedOfALineOfExactlyTheLimitEndingInCarriageReturn() {
        assertFalse(ch.writeInbound(utf8("12345678\r")));
        assertTrue(ch.writeInbound(utf8("\nnext\n")));
        assertEquals("12345678", readFrame(ch));
        assertEquals("next", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void neverPassesOnAPieceOfAnOverlongLine() {
        for (int i = 0; i < 10; i++) {
            assertFalse(ch.writeInbound(utf8("abcdefgh")));
        }
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(utf8("\n")));
        assertTrue(ch.writeInbound(utf8("ok\n")));
        assertEquals("ok", readFrame(ch));
        assertNull(readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void tellsWhetherADiscardedLineWasAnErrorReport() {
        var plain = assertThrows(LineFrameDecoder.OverlongLineException.class,
                () -> ch.writeInbound(utf8("123456789\n")));
        assertFalse(plain.errorReport());
        var report = assertThrows(LineFrameDecoder.OverlongLineException.class,
                () -> ch.writeInbound(utf8("ERROR something\n")));
        assertTrue(report.errorReport());
        assertFalse(ch.writeInbound(utf8("ERROR and more")));
        var split = assertThrows(LineFrameDecoder.OverlongLineException.class, () -> ch.writeInbound(utf8("\n")));
        assertTrue(split.errorReport());
        assertFalse(ch.finish());
    }

    @Test
    void acceptsLineOfExactlyTheLimitWhoseCrLfIsSplitBetweenReads() {
        assertFalse(ch.writeInbound(utf8("12345678\r")));
        assertTrue(ch.writeInbound(utf8("\nnext\n")));
        assertEquals("12345678", readFrame(ch));
        assertEquals("next", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void deliversUnterminatedLastLineOfExactlyTheLimitWithoutItsCarriageReturn() {
        assertFalse(ch.writeInbound(utf8("12345678\r")));
        ch.close();
        assertEquals("12345678", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void stillDiscardsTheRestOfAnOverlongLineThatEndsWithTheLimitAndACarriageReturn() {
        assertFalse(ch.writeInbound(utf8("123456789"))); // over the limit: discarding from here
        assertFalse(ch.writeInbound(utf8("abcdefgh\r")));
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(utf8("\nnext\n")));
        assertEquals("next", readFrame(ch));
        assertFalse(ch.finish());
    }

    @Test
    void reportsAnOverlongUnterminatedLastLineThatEndsWithTheLimitAndACarriageReturn() {
        assertFalse(ch.writeInbound(utf8("123456789")));
        assertFalse(ch.writeInbound(utf8("abcdefgh\r")));
        assertThrows(TooLongFrameException.class, () -> {
            ch.close();
            ch.checkException();
        });
        assertNull(readFrame(ch));
        assertFalse(ch.finish());
    }
}
