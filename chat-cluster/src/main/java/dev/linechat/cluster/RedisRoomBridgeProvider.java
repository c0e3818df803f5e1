package dev.linechat.cluster;

import dev.linechat.RoomBridge;
import java.util.Set;

/**
 * Lets {@code ChatServer.builder().cluster("redis://host:port")} find {@link RedisRoomBridge}: this
 * module registers it as a {@link RoomBridge.Provider} for {@code redis://} and {@code rediss://}.
 */
public final class RedisRoomBridgeProvider implements RoomBridge.Provider {

    /** Called by {@link java.util.ServiceLoader}. */
    public RedisRoomBridgeProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public RoomBridge create(String uri, String room) {
        return RedisRoomBridge.to(uri, room);
    }
}
