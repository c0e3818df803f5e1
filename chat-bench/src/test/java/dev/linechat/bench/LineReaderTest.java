package dev.linechat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private final LineFormat format = new LineFormat(32);

    /** Line {@code seq} of stream {@code stream}, without its terminator. */
    private String line(int stream, long seq) {
        ByteBuf buf = Unpooled.buffer();
        try {
            format.write(buf, stream, seq);
            return buf.toString(0, buf.readableBytes() - 1, StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    private static LineReader.Kind read(LineReader reader, String text) {
        ByteBuf buf = Unpooled.copiedBuffer("xx" + text, StandardCharsets.UTF_8);
        try {
            return reader.read(buf, 2, buf.readableBytes() - 2); // not at index 0, as in a real read
        } finally {
            buf.release();
        }
    }

    @Test
    void anUnprefixedLineIsReadAsSent() {
        LineReader reader = LineReader.unprefixed(format);
        assertEquals(LineReader.Kind.DATA, read(reader, line(4, 77)));
        assertEquals(4, reader.parsed.stream);
        assertEquals(77, reader.parsed.seq);
    }

    @Test
    void aPrefixWhereNoneIsExpectedIsCorruption() {
        assertEquals(LineReader.Kind.CORRUPT, read(LineReader.unprefixed(format), "<bob> " + line(0, 1)));
    }

    @Test
    void serverNoticesAreNotices() {
        LineReader reader = LineReader.prefixed(format, Prefix.STRICT);
        assertEquals(LineReader.Kind.NOTICE, read(reader, "* user3 joined"));
        assertEquals(LineReader.Kind.NOTICE, read(reader, "* welcome, user3; /help lists the commands"));
        assertEquals(LineReader.Kind.NOTICE, read(reader, "<announce> 127.0.0.1 is connected as <user5>."));
        assertEquals(LineReader.Kind.NOTICE, read(LineReader.unprefixed(format), "* server is shutting down"));
    }

    @Test
    void aStrictPrefixNamesTheSender() {
        LineReader reader = LineReader.prefixed(format, Prefix.STRICT);
        assertEquals(LineReader.Kind.DATA, read(reader, "<user12> " + line(2, 5)));
        assertEquals(2, reader.parsed.stream);
        assertEquals(5, reader.parsed.seq);
        assertTrue(reader.nameIs("user12".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(reader.nameIs("user1".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("user12", reader.name());
    }

    @Test
    void strictModeRefusesAMissingOrBrokenPrefix() {
        LineReader reader = LineReader.prefixed(format, Prefix.STRICT);
        assertEquals(LineReader.Kind.CORRUPT, read(reader, line(2, 5)));
        assertEquals(LineReader.Kind.CORRUPT, read(reader, "<> " + line(2, 5)));
        assertEquals(LineReader.Kind.CORRUPT, read(reader, "<user12>" + line(2, 5)));
        assertEquals(LineReader.Kind.CORRUPT, read(reader, "<user12> <user12> " + line(2, 5)));
        assertEquals(LineReader.Kind.CORRUPT, read(reader, ""));
    }

    @Test
    void prefixNoneAcceptsLinesWithAndWithoutPrefix() {
        LineReader reader = LineReader.prefixed(format, Prefix.NONE);
        assertEquals(LineReader.Kind.DATA, read(reader, "<user4> " + line(0, 9)));
        assertEquals(9, reader.parsed.seq);
        assertEquals(LineReader.Kind.DATA, read(reader, line(0, 10)));
        assertEquals(10, reader.parsed.seq);
    }

    @Test
    void prefixNoneStripsAPrefixInsertedMidLine() {
        // ncat --chat prefixes each read chunk, and a chunk may begin inside a line.
        String whole = line(0, 11);
        LineReader reader = LineReader.prefixed(format, Prefix.NONE);
        assertEquals(LineReader.Kind.DATA, read(reader, whole.substring(0, 13) + "<user4> " + whole.substring(13)));
        assertEquals(11, reader.parsed.seq);
    }

    @Test
    void prefixNoneStillChecksThePayload() {
        String whole = line(0, 11);
        LineReader reader = LineReader.prefixed(format, Prefix.NONE);
        assertEquals(LineReader.Kind.CORRUPT, read(reader, "<user4> " + whole.substring(1)));
        assertEquals(LineReader.Kind.CORRUPT, read(reader, whole.substring(0, 13) + "<user4>" + whole.substring(13)));
    }

    @Test
    void readsLinesLongerThanItsFirstCopy() {
        LineFormat big = new LineFormat(1000);
        ByteBuf buf = Unpooled.buffer();
        try {
            big.write(buf, 1, 2);
            LineReader reader = LineReader.unprefixed(big);
            assertEquals(LineReader.Kind.DATA, reader.read(buf, 0, 1000));
            assertEquals(2, reader.parsed.seq);
        } finally {
            buf.release();
        }
    }
}
