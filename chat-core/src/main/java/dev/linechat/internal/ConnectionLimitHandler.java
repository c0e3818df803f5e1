package dev.linechat.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most a fixed number of connections at once. A connection over the limit receives one
 * {@code ERROR} line and is closed; the handlers after this one never hear of it.
 *
 * <p>One instance per server: it counts that server's connections.
 */
@Sharable
public final class ConnectionLimitHandler extends AdmissionHandler {

    private final int limit;
    private final AtomicInteger admitted = new AtomicInteger();

    /**
     * Creates a limiter.
     *
     * @param limit the largest number of connections open at once
     */
    public ConnectionLimitHandler(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Returns the line a refused connection receives.
     *
     * @param limit the largest number of connections open at once
     * @return the {@code ERROR} line, without terminator
     */
    public static String notice(int limit) {
        return limit == 1
                ? "ERROR server busy: another conversation is in progress; try again later"
                : "ERROR server full: " + limit + " clients are connected; try again later";
    }

    @Override
    String refusal(ChannelHandlerContext ctx) {
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            return notice(limit);
        }
        return null;
    }

    @Override
    void admittedClosed() {
        admitted.decrementAndGet();
    }
}
