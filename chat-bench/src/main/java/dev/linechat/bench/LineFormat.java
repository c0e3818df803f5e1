package dev.linechat.bench;

import io.netty.buffer.ByteBuf;

/**
 * The lines the load tool sends: {@code STREAM SEQ filler}, exactly {@code size} bytes before the
 * {@code \n}. STREAM names the connection (or sender) and SEQ counts its lines from 0; the filler is
 * a run of letters that depends on SEQ, so that a receiver can rebuild the whole line from its two
 * numbers and notice any byte changed, lost or added. Immutable; the methods allocate nothing.
 */
final class LineFormat {

    /** The shortest size that holds the largest stream number and any sequence number that a run reaches. */
    static final int MIN_SIZE = 24;
    /** The largest stream number: five digits keep the header within {@link #MIN_SIZE}. */
    static final int MAX_STREAM = 99_999;

    private final int size;

    /**
     * Creates the format for lines of {@code size} bytes, terminator excluded.
     *
     * @throws IllegalArgumentException if {@code size} is below {@link #MIN_SIZE}
     */
    LineFormat(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("lines must be at least " + MIN_SIZE + " bytes, not " + size);
        }
        this.size = size;
    }

    /** Returns the size of a line, terminator excluded. */
    int size() {
        return size;
    }

    /** Appends line {@code seq} of stream {@code stream}, with its {@code \n}. */
    void write(ByteBuf out, int stream, long seq) {
        out.ensureWritable(size + 1);
        int start = out.writerIndex();
        int at = writeDecimal(out, start, stream);
        out.setByte(at++, ' ');
        at = writeDecimal(out, at, seq);
        out.setByte(at++, ' ');
        int letter = filler(seq, at - start);
        for (int end = start + size; at < end; at++) {
            out.setByte(at, 'a' + letter);
            letter = letter == 25 ? 0 : letter + 1;
        }
        out.setByte(at++, '\n');
        out.writerIndex(at);
    }

    /**
     * Reads a line (without terminator) and checks every byte of it.
     *
     * @param line holds the line at {@code from}
     * @param into receives the stream and sequence numbers
     * @return whether the line is one this format wrote; if not, {@code into} is undefined
     */
    boolean parse(byte[] line, int from, int length, Parsed into) {
        if (length != size) {
            return false;
        }
        int end = from + length;
        int at = from;
        long stream = 0;
        int digits = 0;
        for (; at < end && line[at] != ' '; at++, digits++) {
            int d = line[at] - '0';
            if (d < 0 || d > 9 || digits == 5) {
                return false;
            }
            stream = stream * 10 + d;
        }
        if (digits == 0 || at == end) {
            return false;
        }
        at++;
        long seq = 0;
        digits = 0;
        for (; at < end && line[at] != ' '; at++, digits++) {
            int d = line[at] - '0';
            if (d < 0 || d > 9 || digits == 15) {
                return false;
            }
            seq = seq * 10 + d;
        }
        if (digits == 0 || at == end) {
            return false;
        }
        at++;
        int letter = filler(seq, at - from);
        for (; at < end; at++) {
            if (line[at] != 'a' + letter) {
                return false;
            }
            letter = letter == 25 ? 0 : letter + 1;
        }
        into.stream = (int) stream;
        into.seq = seq;
        return true;
    }

    /** The letter (0 for 'a') at {@code offset} of line {@code seq}: it shifts with every line. */
    private static int filler(long seq, int offset) {
        return (int) ((seq + offset) % 26);
    }

    private static int writeDecimal(ByteBuf out, int at, long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            out.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        return at + digits;
    }

    /** The numbers of a parsed line; one per reader, reused for every line. */
    static final class Parsed {
        int stream;
        long seq;
    }
}
