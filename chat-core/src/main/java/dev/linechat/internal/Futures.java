package dev.linechat.internal;

import dev.linechat.ChatException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Bridges Netty's futures to the JDK's, so that the public API shows no Netty type. */
public final class Futures {

    private Futures() {
    }

    /**
     * Returns a future that completes when the channel operation does.
     *
     * @param future a Netty channel future
     * @return its JDK counterpart, failing with the same cause
     */
    public static CompletableFuture<Void> toCompletable(ChannelFuture future) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (future.isDone()) {
            // Settled already, perhaps because the event loop is gone, and then it would never run a listener.
            copy(future, result);
        } else {
            future.addListener(f -> copy(future, result));
        }
        return result;
    }

    private static void copy(ChannelFuture from, CompletableFuture<Void> to) {
        if (from.isSuccess()) {
            to.complete(null);
        } else {
            to.completeExceptionally(from.cause());
        }
    }

    /**
     * Waits for an asynchronous start or connect, for its blocking counterpart.
     *
     * @param <T> the result type
     * @param future the future
     * @return its result
     * @throws RuntimeException the future's own failure, unwrapped, so that the caller sees the
     *     {@link ChatException} the asynchronous method would have reported
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ChatException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /**
     * Tells whether the calling thread is one of a group's event loops.
     *
     * @param group an event loop group
     * @return {@code true} on one of its threads
     */
    public static boolean inGroup(EventLoopGroup group) {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
