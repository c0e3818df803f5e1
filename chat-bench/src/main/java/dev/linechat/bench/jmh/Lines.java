package dev.linechat.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** Test lines for the microbenchmarks: ASCII, numbered, padded to a fixed size, as the load tool sends. */
final class Lines {

    /** Lines per batch: what one read burst of a busy connection might hold. */
    static final int BATCH = 100;
    /** Bytes per line before the {@code \n}, as in the load runs. */
    static final int SIZE = 64;

    private Lines() {
    }

    /** Line {@code n}, {@value #SIZE} characters without terminator. */
    static String line(int n) {
        StringBuilder line = new StringBuilder(SIZE).append(n).append(' ');
        while (line.length() < SIZE) {
            line.append((char) ('a' + line.length() % 26));
        }
        return line.toString();
    }

    /** {@value #BATCH} terminated lines in one direct buffer; the caller owns it. */
    static ByteBuf batch(ByteBufAllocator alloc) {
        ByteBuf buf = alloc.directBuffer(BATCH * (SIZE + 1));
        for (int i = 0; i < BATCH; i++) {
            buf.writeCharSequence(line(i), StandardCharsets.US_ASCII);
            buf.writeByte('\n');
        }
        return buf;
    }
}
