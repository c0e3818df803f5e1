package dev.linechat.cluster;

import dev.linechat.RoomBridge;
import dev.linechat.cluster.ClusterFrame.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link RoomBridge} through Redis: the room's lines go to every server bridged to the same Redis
 * and room name, through one {@link RoomLink}. Give it to a room server with
 * {@code ChatServer.builder().mode(ServerMode.ROOM).bridge(RedisRoomBridge.to("redis://host:6379", "lobby"))}.
 *
 * <p>Members on this server see what members elsewhere say as {@code <name> text}, their arrivals,
 * departures and new names as notices, and one notice for each change of the link's state and for
 * lines lost on the way. {@code /who} lists the members of every server, {@code /msg} reaches them
 * wherever they are, and a name chosen with {@code /nick} is held in Redis so that no two members of
 * the room have it (see {@link RoomPresence}). Members of a server that stops answering are reported
 * gone within about four seconds.
 */
public final class RedisRoomBridge implements RoomBridge {

    /** How long closing waits for lines still on their way to the other servers. */
    private static final Duration FLUSH_PATIENCE = Duration.ofSeconds(2);

    private final RoomLink.Builder link;
    private final String node;
    private final String room;
    private volatile RoomLink running;
    private volatile RoomPresence presence;

    private RedisRoomBridge(RoomLink.Builder link, String node, String room) {
        this.link = link;
        this.node = node;
        this.room = room;
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
        return new RedisRoomBridge(RoomLink.builder(RedisUri.parse(uri), room, node), node, room);
    }

    @Override
    public void open(Local local) {
        Notices notices = new Notices(local);
        RoomLink opened = link.listener(notices).start();
        RoomPresence watching = new RoomPresence(opened, room, local::members, notices);
        notices.presence = watching;
        presence = watching;
        running = opened;
        watching.start();
    }

    @Override
    public String serverId() {
        return node;
    }

    @Override
    public void said(String name, String text) {
        publish(Kind.LINE, name, text);
    }

    @Override
    public void joined(String name) {
        publish(Kind.JOIN, name, "");
    }

    @Override
    public void left(String name) {
        publish(Kind.LEAVE, name, "");
        RoomPresence watching = presence;
        if (watching != null) {
            watching.release(name);
        }
    }

    @Override
    public void renamed(String oldName, String newName) {
        publish(Kind.RENAME, oldName, newName);
        RoomPresence watching = presence;
        if (watching != null) {
            watching.release(oldName);
        }
    }

    @Override
    public CompletionStage<String> claim(String name) {
        RoomPresence watching = presence;
        return watching == null ? CompletableFuture.completedFuture(null) : watching.claim(name);
    }

    @Override
    public Map<String, String> elsewhere() {
        RoomPresence watching = presence;
        return watching == null ? Map.of() : watching.elsewhere();
    }

    @Override
    public boolean whisper(String from, String to, String text) {
        RoomPresence watching = presence;
        String receiver = watching == null ? null : watching.find(to);
        if (receiver == null) {
            return false;
        }
        publish(Kind.WHISPER, from, receiver + " " + text);
        return true;
    }

    private void publish(Kind kind, String name, String text) {
        RoomLink open = running;
        if (open != null) {
            try {
                open.publish(kind, name, text);
            } catch (IllegalStateException closing) {
                // the server is closing: its members are leaving too
            }
        }
    }

    /** Sends what is still on its way (two seconds at most), leaves the room's presence and closes the link. */
    @Override
    public void close() {
        RoomLink open = running;
        RoomPresence watching = presence;
        if (open != null) {
            open.flush(FLUSH_PATIENCE);
            watching.stop();
            open.close();
        }
    }

    /** Hands frames from elsewhere to the room, and tells its members what happens to the link. */
    private static final class Notices implements RoomLink.Listener, RoomPresence.Listener {
        private final Local room;
        private final List<Map.Entry<String, String>> lines = new ArrayList<>(); // reader's thread only
        private volatile RoomPresence presence;
        private volatile boolean wasDown;

        Notices(Local room) {
            this.room = room;
        }

        @Override
        public void onFrame(ClusterFrame frame) {
            RoomPresence watching = presence;
            if (watching != null) {
                watching.heard(frame);
            }
            if (frame.kind() == Kind.LINE) {
                lines.add(Map.entry(frame.name(), frame.text())); // delivered with the rest of the read
                return;
            }
            onReadEnd(); // what came before goes first
            switch (frame.kind()) {
                case JOIN -> room.notice("* " + frame.name() + " joined");
                case LEAVE -> room.notice("* " + frame.name() + " left");
                case RENAME -> room.notice("* " + frame.name() + " is now known as " + frame.text());
                case WHISPER -> {
                    String[] toAndText = frame.text().split(" ", 2);
                    room.whisper(frame.name(), toAndText[0], toAndText.length > 1 ? toAndText[1] : "");
                }
                default -> {
                    // a kind this version does not know: nothing to show
                }
            }
        }

        /** Hands the lines of a read to the room together: one write per member for all of them. */
        @Override
        public void onReadEnd() {
            if (!lines.isEmpty()) {
                room.relayAll(List.copyOf(lines));
                lines.clear();
            }
        }

        @Override
        public void onGone(String node, List<String> names) {
            for (String name : names) {
                room.notice("* " + name + " left (server " + node + " stopped answering)");
            }
        }

        @Override
        public void onGap(String node, long missing) {
            onReadEnd(); // the lines before the gap first (called on the reader's thread too)
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
            room.notice("* " + dropped + " lines for the other servers were dropped: more came than the link could carry");
        }
    }
}
