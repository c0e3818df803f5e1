package dev.linechat.bench;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CountDownLatch;

/**
 * One connection of a conns run: it stays idle, and when asked, sends one line and counts it echoed
 * when it comes back. Runs on its channel's I/O thread.
 */
final class IdleConnection extends LineHandler {

    private final int index;
    private final LineFormat format;
    private final LineReader reader;
    private CountDownLatch echoed;

    IdleConnection(int index, LineFormat format) {
        this.index = index;
        this.format = format;
        this.reader = LineReader.unprefixed(format);
    }

    /** Sends this connection's one line; {@code echoed} is counted down when it comes back. */
    void probe(CountDownLatch echoed) {
        this.echoed = echoed;
        ByteBuf line = ctx.alloc().directBuffer(format.size() + 1);
        format.write(line, index, 0);
        ctx.writeAndFlush(line, ctx.voidPromise());
    }

    @Override
    void onLine(ByteBuf in, int from, int length) {
        if (echoed != null && reader.read(in, from, length) == LineReader.Kind.DATA
                && reader.parsed.stream == index && reader.parsed.seq == 0) {
            echoed.countDown();
            echoed = null;
        }
    }
}
