package dev.linechat.internal;

import io.netty.channel.ChannelFuture;
import java.util.concurrent.CompletableFuture;

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
        future.addListener(f -> {
            if (f.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }
}
