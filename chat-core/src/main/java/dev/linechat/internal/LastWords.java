package dev.linechat.internal;

import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.LineEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The last line a connection receives before the server closes it: a farewell or the reason for the
 * close. It goes out after everything queued before it and is never dropped by the
 * {@link SlowClientHandler}.
 */
public final class LastWords {

    private LastWords() {
    }

    /**
     * Writes and flushes one line past the slow-client policy, if the pipeline has one.
     *
     * @param ch a chat connection
     * @param line the text, without terminator
     * @return completes once the line, and so everything queued before it, has been written
     */
    public static ChannelFuture write(Channel ch, String line) {
        ChannelHandlerContext policy = ch.pipeline().context(SlowClientHandler.NAME);
        ChannelHandler encoder = ch.pipeline().get(ChatPipelines.LINE_ENCODER);
        if (policy == null || !(encoder instanceof LineEncoder lines)) {
            return ch.writeAndFlush(line);
        }
        // Encoded here because the policy sits between the encoder and the socket.
        return policy.writeAndFlush(lines.encode(ch.alloc(), line));
    }

    /**
     * Tells the peer why, then ends the connection: marks it as closed by this side, writes the line
     * and half-closes once it is out (closing with unread input would make the kernel reset the
     * connection and could lose the line); the peer answers with its own close. A peer that does not
     * read or does not close is cut off after {@code grace}. Call on the channel's event loop.
     *
     * @param ch a server connection
     * @param line the notice, without terminator
     * @param grace how long the line may take to drain and the peer to close
     */
    public static void sayAndClose(Channel ch, String line, Duration grace) {
        ch.pipeline().fireUserEventTriggered(LocalCloseEvent.INSTANCE);
        Future<?> deadline = ch.eventLoop().schedule(() -> {
            ch.close();
        }, grace.toNanos(), TimeUnit.NANOSECONDS);
        ch.closeFuture().addListener(closed -> deadline.cancel(false));
        write(ch, line).addListener(written -> {
            if (written.isSuccess() && ch instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                ch.close();
            }
        });
    }
}
