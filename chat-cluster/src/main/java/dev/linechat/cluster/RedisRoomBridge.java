package dev.linechat.cluster;

import dev.linechat.RoomBridge;
import dev.linechat.cluster.ClusterFrame.Kind;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link RoomBridge} through Redis: the room's lines go to every server bridged to the same Redis
 * and room name, through one {@link RoomLink}. Give it to a room server with
 * {@code ChatServer.builder().mode(ServerMode.ROOM).bridge(RedisRoomBridge.to("redis://host:6379", "lobby"))}.
 *
 * <p>Members on this server see what members elsewhere say as {@code <name> text}, and one notice
 * for each change of the link's state and for lines lost on the way. Not yet: presence across
 * servers ({@code /who}), private lines to members elsewhere, names unique across servers.
 */
public final class RedisRoomBridge implements RoomBridge {

    private final RoomLink.Builder link;
    private volatile RoomLink running;

    private RedisRoomBridge(RoomLink.Builder link) {
        this.link = link;
    }

    /**
     * Returns a bridge to a room in the Redis at {@code uri}, for a server with a node id of its own.
     *
     * @param uri {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...}
     * @param room the room's name, the same on every server that forms it
     * @return the bridge, not yet open
     * @throws IllegalArgumentException if the URI is not a Redis URI
     */
    public static RedisRoomBridge to(String uri, String room) {
        Objects.requireNonNull(room, "room");
        String node = UUID.randomUUID().toString().substring(0, 8);
        return new RedisRoomBridge(RoomLink.builder(RedisUri.parse(uri), room, node));
    }

    @Override
    public void open(Local room) {
        running = link.listener(new Notices(room)).start();
    }

    @Override
    public void said(String name, String text) {
        RoomLink open = running;
        if (open != null) {
            try {
                open.publish(Kind.LINE, name, text);
            } catch (IllegalStateException closing) {
                // the server is closing: its members are leaving too
            }
        }
    }

    @Override
    public void close() {
        RoomLink open = running;
        if (open != null) {
            open.close();
        }
    }

    /** Hands frames from elsewhere to the room, and tells its members what happens to the link. */
    private static final class Notices implements RoomLink.Listener {
        private final Local room;
        private volatile boolean wasDown;

        Notices(Local room) {
            this.room = room;
        }

        @Override
        public void onFrame(ClusterFrame frame) {
            if (frame.kind() == Kind.LINE) {
                room.relay(frame.name(), frame.text());
            }
        }

        @Override
        public void onGap(String node, long missing) {
            room.notice("* " + missing + (missing == 1 ? " line" : " lines") + " from server " + node
                    + " were lost on the way");
        }

        @Override
        public void onDown() {
            wasDown = true;
            room.notice("* the link to the other servers is down; lines for them wait until it is back");
        }

        @Override
        public void onUp() {
            if (wasDown) { // the first connection is no news
                room.notice("* the link to the other servers is back");
            }
        }

        @Override
        public void onOutboxOverflow(long dropped) {
            room.notice("* " + dropped + " lines for the other servers were dropped while the link was down");
        }
    }
}
