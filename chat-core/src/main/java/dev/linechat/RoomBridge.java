package dev.linechat;

/**
 * Joins a {@link ServerMode#ROOM room} to the same room on other servers, so that they form one
 * (see {@link ChatServer.Builder#bridge}); the {@code chat-cluster} module has one that meets in
 * Redis. A line a member says here goes to this server's members first, then to the bridge; what
 * members of other servers say comes back through {@link Local#relay}.
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
     * Called on that member's I/O thread: it must return at once and never block.
     *
     * @param name the member's name
     * @param text what it said
     */
    void said(String name, String text);

    /** Stops relaying and releases what the bridge holds; called once, when the server closes. */
    @Override
    void close();

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
         * Gives every member of this server a notice, such as lines that were lost on the way; by
         * convention it starts with {@code "* "}.
         *
         * @param text the notice
         */
        void notice(String text);
    }
}
