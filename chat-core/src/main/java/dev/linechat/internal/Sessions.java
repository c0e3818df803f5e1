package dev.linechat.internal;

import dev.linechat.ChatSession;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Where a channel keeps its {@link ChatSession}, for the handlers that need to name the peer. */
public final class Sessions {

    /** The channel attribute that holds the session. */
    public static final AttributeKey<ChatSession> KEY = AttributeKey.valueOf(Sessions.class, "session");

    private Sessions() {
    }

    /**
     * Returns the session of a channel.
     *
     * @param channel a channel of a chat server or client
     * @return its session, or {@code null} if it has none yet
     */
    public static ChatSession of(Channel channel) {
        return channel.attr(KEY).get();
    }
}
