package dev.linechat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Joins a {@link ServerMode#ROOM room} to the same room on other servers, so that they form one
 * (see {@link ChatServer.Builder#bridge}); the {@code chat-cluster} module has one that meets in
 * Redis. A line a member says here goes to this server's members first, then to the bridge; what
 * members of other servers say comes back through {@link Local#relay}.
 *
 * <p>Only {@link #open}, {@link #said} and {@link #close} must be written; the other methods have
 * defaults for a bridge that carries lines alone. A bridge that also knows who is where lets
 * {@code /who} list every member, {@code /msg} reach members elsewhere and {@code /nick} keep names
 * unique across the servers. Every method but {@code open} and {@code close} is called on an I/O
 * thread: it must return at once and never block.
 */
public interface RoomBridge extends AutoCloseable {

    /**
     * Starts relaying; called once, when the server starts.
     *
     * @param room how the bridge hands this server's members what was said elsewhere
     */
    void open(Local room);

    /**
     * A member of this server said a public line, which has already gone to this server's members.
     *
     * @param name the member's name
     * @param text what it said
     */
    void said(String name, String text);

    /**
     * Names this server among the bridged ones; the room gives its new members the names
     * {@code user<n>@<serverId>}, which no member of another server can have. {@code /nick} never
     * accepts a name with {@code @}.
     *
     * @return an id unique among the bridged servers, or the empty string (default names are then
     *     {@code user<n>}, as on a server of its own)
     */
    default String serverId() {
        return "";
    }

    /**
     * A member joined the room on this server.
     *
     * @param name its name
     */
    default void joined(String name) {
    }

    /**
     * A member of this server left the room.
     *
     * @param name its last name
     */
    default void left(String name) {
    }

    /**
     * A member of this server took another name, which {@link #claim} granted.
     *
     * @param oldName the name it had
     * @param newName the name it has now
     */
    default void renamed(String oldName, String newName) {
    }

    /**
     * Asks the other servers whether a member here may take a name; no other member here has it.
     * The member's further lines wait for the answer.
     *
     * @param name the wanted name
     * @return completes with {@code null} if the name is this server's now, or with the reason the
     *     member is told otherwise (such as {@code "the name bob is taken"})
     */
    default CompletionStage<String> claim(String name) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Lists the members of the room on the other servers, as last heard.
     *
     * @return each member's name, mapped to the id of its server
     */
    default Map<String, String> elsewhere() {
        return Map.of();
    }

    /**
     * Passes a private line to a member of another server.
     *
     * @param from the sender, a member of this server
     * @param to the receiver's name, as typed
     * @param text the line
     * @return whether a member of that name is known elsewhere (if not, the sender is told so)
     */
    default boolean whisper(String from, String to, String text) {
        return false;
    }

    /** Stops relaying and releases what the bridge holds; called once, when the server closes. */
    @Override
    void close();

    /**
     * Makes bridges for the URIs of one kind, so that {@link ChatServer.Builder#cluster(String)} can
     * name a cluster without naming the module that reaches it. Found with {@link java.util.ServiceLoader}:
     * the {@code chat-cluster} module provides one for {@code redis://} and {@code rediss://}.
     */
    interface Provider {

        /**
         * Tells which URI schemes this provider understands.
         *
         * @return the schemes, in lower case, such as {@code redis}
         */
        Set<String> schemes();

        /**
         * Makes a bridge to a room of the cluster at {@code uri}.
         *
         * @param uri where the servers meet
         * @param room the room's name, the same on every server that forms it
         * @return the bridge, not yet open
         * @throws IllegalArgumentException if the URI is not usable, saying why in one line
         */
        RoomBridge create(String uri, String room);
    }

    /** This server's side of the room, as a bridge sees it. Its methods may be called from any thread. */
    interface Local {

        /**
         * Gives every member of this server a line said on another server, as {@code <name> text}.
         *
         * @param name the speaker's name
         * @param text what it said
         */
        void relay(String name, String text);

        /**
         * Gives every member of this server several lines said on other servers, in order, as
         * {@link #relay} would one by one, but written to each member once for the whole batch.
         *
         * @param lines each line's speaker (the key) and text (the value)
         */
        void relayAll(List<Map.Entry<String, String>> lines);

        /**
         * Gives every member of this server a notice, such as lines that were lost on the way; by
         * convention it starts with {@code "* "}.
         *
         * @param text the notice
         */
        void notice(String text);

        /**
         * Gives one member of this server a private line from a member of another server.
         *
         * @param from the sender's name
         * @param to the receiver's name, matched ignoring case
         * @param text the line
         * @return whether this server has a member of that name
         */
        boolean whisper(String from, String to, String text);

        /**
         * Lists the names of this server's members, for the bridge to tell the other servers.
         *
         * @return the names, in the order the members joined
         */
        List<String> members();
    }
}
