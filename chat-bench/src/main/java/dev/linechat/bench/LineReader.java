package dev.linechat.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Makes sense of one received line: a notice from the server, one of the load tool's lines (after the
 * sender's prefix, if the server adds one), or anything else, which counts as corrupted. One per
 * connection, as it keeps a copy of the line it is reading.
 */
final class LineReader {

    /** What a line turned out to be. */
    enum Kind {
        /** One of the tool's lines, intact: its numbers are in {@link #parsed}. */
        DATA,
        /** The server speaking for itself: {@code * ...} (chat) or {@code <announce> ...} (ncat). */
        NOTICE,
        /** Anything else. */
        CORRUPT
    }

    private static final byte[] ANNOUNCE = "<announce> ".getBytes(StandardCharsets.US_ASCII);

    /** The numbers of the last {@link Kind#DATA} line. */
    final LineFormat.Parsed parsed = new LineFormat.Parsed();

    private final LineFormat format;
    private final Prefix prefix; // null: the server sends lines back as they are
    private byte[] copy = new byte[256];
    private int nameLength;      // the strict prefix's NAME, at copy[1]

    private LineReader(LineFormat format, Prefix prefix) {
        this.format = format;
        this.prefix = prefix;
    }

    /** A reader for lines that come back exactly as sent, as from an echo server. */
    static LineReader unprefixed(LineFormat format) {
        return new LineReader(format, null);
    }

    /** A reader for lines relayed by a room server that marks their senders as {@code prefix} says. */
    static LineReader prefixed(LineFormat format, Prefix prefix) {
        return new LineReader(format, prefix);
    }

    /** Reads the line of {@code length} bytes at {@code from}, terminator excluded, leaving {@code in} as it is. */
    Kind read(ByteBuf in, int from, int length) {
        if (copy.length < length) {
            copy = new byte[Math.max(length, copy.length * 2)];
        }
        in.getBytes(from, copy, 0, length);
        if (isNotice(length)) {
            return Kind.NOTICE;
        }
        if (prefix == null) {
            return format.parse(copy, 0, length, parsed) ? Kind.DATA : Kind.CORRUPT;
        }
        if (prefix == Prefix.STRICT) {
            int close = length > 0 && copy[0] == '<' ? nameEnd(0, length) : -1;
            if (close < 2) {
                return Kind.CORRUPT; // no prefix, or an empty name
            }
            nameLength = close - 1;
            int payload = close + 2;
            return format.parse(copy, payload, length - payload, parsed) ? Kind.DATA : Kind.CORRUPT;
        }
        int kept = stripPrefixes(length);
        return format.parse(copy, 0, kept, parsed) ? Kind.DATA : Kind.CORRUPT;
    }

    /** Tells whether the strict prefix of the last line read names {@code name} (ASCII bytes). */
    boolean nameIs(byte[] name) {
        return name.length == nameLength && Arrays.equals(copy, 1, 1 + nameLength, name, 0, nameLength);
    }

    /** Returns the strict prefix's name of the last line read, for messages. */
    String name() {
        return new String(copy, 1, nameLength, StandardCharsets.UTF_8);
    }

    private boolean isNotice(int length) {
        if (length >= 2 && copy[0] == '*' && copy[1] == ' ') {
            return true;
        }
        return length >= ANNOUNCE.length && Arrays.equals(copy, 0, ANNOUNCE.length, ANNOUNCE, 0, ANNOUNCE.length);
    }

    /** Returns the index of the {@code >} that ends a prefix starting at {@code from}, or -1. */
    private int nameEnd(int from, int length) {
        for (int i = from + 1; i + 1 < length; i++) {
            if (copy[i] == '>' && copy[i + 1] == ' ') {
                return i;
            }
            if (copy[i] == ' ' || copy[i] == '<') {
                return -1; // names have no spaces; the payload has no '<'
            }
        }
        return -1;
    }

    /** Removes every {@code <NAME> } from the copy; returns the length left. */
    private int stripPrefixes(int length) {
        int kept = 0;
        for (int i = 0; i < length; i++) {
            if (copy[i] == '<') {
                int close = nameEnd(i, length);
                if (close > i) {
                    i = close + 1;
                    continue;
                }
            }
            copy[kept++] = copy[i];
        }
        return kept;
    }
}
