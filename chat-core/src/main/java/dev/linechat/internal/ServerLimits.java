package dev.linechat.internal;

import dev.linechat.pipeline.ChatPipelines;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.List;

/**
 * A server's limits on its connections, and where their handlers go in each connection's pipeline:
 * the address filter, the idle timeout and the slow-client policy. One per server; immutable.
 *
 * @param allow the address blocks admitted (empty: every address not denied)
 * @param deny the address blocks refused, even if also allowed
 * @param idleTimeout how long a client may send nothing; zero for no limit
 * @param lowWaterMark the backlog at which a slow client gets lines again, in bytes
 * @param highWaterMark the backlog past which a slow client's lines are dropped, in bytes
 * @param maxDroppedBytes how much may be dropped for a slow client before it is disconnected
 * @param grace how long a notice before a close may take to drain
 */
public record ServerLimits(List<Cidr> allow, List<Cidr> deny, Duration idleTimeout,
        int lowWaterMark, int highWaterMark, long maxDroppedBytes, Duration grace) {

    /** The default low-water mark: 32 KiB. */
    public static final int DEFAULT_LOW_WATER_MARK = 32 * 1024;
    /** The default high-water mark: 64 KiB. */
    public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;
    /** The default bound on what is dropped for a slow client before it is disconnected: 1 MiB. */
    public static final long DEFAULT_MAX_DROPPED_BYTES = 1024 * 1024;

    /** Copies the lists, so that the limits stay as they were built. */
    public ServerLimits {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /**
     * Returns the handler that admits connections by address, to share among all connections.
     *
     * @return the filter, or {@code null} if every address is admitted
     */
    public AddressFilterHandler addressFilter() {
        return allow.isEmpty() && deny.isEmpty() ? null : new AddressFilterHandler(allow, deny);
    }

    /**
     * Adds the per-connection handlers to a pipeline laid out by {@link ChatPipelines#server}, and
     * sets the channel's write-buffer water marks to the policy's, so that
     * {@code Channel.isWritable()} tells the same story to anyone who asks.
     *
     * @param ch a new server connection
     * @param filter the server's address filter, or {@code null}
     */
    public void install(Channel ch, AddressFilterHandler filter) {
        ChannelPipeline p = ch.pipeline();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(lowWaterMark, highWaterMark));
        if (!idleTimeout.isZero()) {
            // Before the decoder, so that part of a line counts as activity.
            p.addBefore(ChatPipelines.FRAME_DECODER, IdleTimeoutHandler.NAME, new IdleTimeoutHandler(idleTimeout, grace));
        }
        // Between the encoder and the socket: it sees each line as one buffer.
        p.addBefore(ChatPipelines.LINE_ENCODER, SlowClientHandler.NAME,
                new SlowClientHandler(lowWaterMark, highWaterMark, maxDroppedBytes, grace));
        if (filter != null) {
            // Right after the encoder, so that a refused client uses up no slot of the connection limit.
            p.addAfter(ChatPipelines.LINE_ENCODER, AddressFilterHandler.NAME, filter);
        }
    }
}
