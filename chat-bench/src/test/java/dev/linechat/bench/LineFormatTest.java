package dev.linechat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFormatTest {

    private final LineFormat format = new LineFormat(64);
    private final LineFormat.Parsed parsed = new LineFormat.Parsed();

    private byte[] written(int stream, long seq) {
        ByteBuf buf = Unpooled.buffer();
        try {
            format.write(buf, stream, seq);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    @Test
    void writesLinesOfExactlyTheSizeWithOneTerminator() {
        for (long seq : new long[] {0, 9, 10, 12345, 999_999_999_999_999L}) {
            byte[] line = written(LineFormat.MAX_STREAM, seq);
            assertEquals(65, line.length);
            assertEquals('\n', line[64]);
            assertThat(new String(line, 0, 64, StandardCharsets.US_ASCII)).doesNotContain("\n", "\r", "<", "*");
        }
    }

    @Test
    void startsWithStreamAndSequenceNumber() {
        String line = new String(written(7, 42), StandardCharsets.US_ASCII);
        assertTrue(line.startsWith("7 42 "), line);
    }

    @Test
    void readsBackWhatItWrote() {
        for (long seq = 0; seq < 200; seq++) {
            byte[] line = written(3, seq);
            assertTrue(format.parse(line, 0, 64, parsed));
            assertEquals(3, parsed.stream);
            assertEquals(seq, parsed.seq);
        }
    }

    @Test
    void readsALineInTheMiddleOfAnArray() {
        byte[] line = written(12, 345);
        byte[] padded = new byte[line.length + 10];
        System.arraycopy(line, 0, padded, 5, line.length);
        assertTrue(format.parse(padded, 5, 64, parsed));
        assertEquals(345, parsed.seq);
    }

    @Test
    void rejectsAnyChangedFillerByte() {
        byte[] line = written(1, 1000);
        int fillerStart = "1 1000 ".length();
        for (int i = fillerStart; i < 64; i++) {
            byte[] bad = line.clone();
            bad[i] = (byte) (bad[i] == 'z' ? 'a' : bad[i] + 1);
            assertFalse(format.parse(bad, 0, 64, parsed), "changed byte " + i);
        }
    }

    @Test
    void rejectsLinesOfAnotherLength() {
        byte[] line = written(1, 1000);
        assertFalse(format.parse(line, 0, 63, parsed));
        assertFalse(format.parse(line, 0, 65, parsed));
    }

    @Test
    void rejectsWhatIsNotNumbered() {
        byte[] text = "x".repeat(64).getBytes(StandardCharsets.US_ASCII);
        assertFalse(format.parse(text, 0, 64, parsed));
        byte[] noSeq = ("5  " + "a".repeat(61)).getBytes(StandardCharsets.US_ASCII);
        assertFalse(format.parse(noSeq, 0, 64, parsed));
    }

    @Test
    void refusesSizesTooSmallForTheNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new LineFormat(LineFormat.MIN_SIZE - 1));
    }
}
