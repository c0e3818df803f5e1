package dev.linechat;

/**
 * Receives the events of chat connections: a peer connected, a line arrived, a line was too long,
 * the conversation ended.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs and new
 * events don't break it. Methods are called on the connection's I/O thread, one at a time per
 * connection and in order, so they must return quickly and never block; hand slow work to another
 * thread. If a method throws, the exception is logged and that connection is closed with
 * {@link CloseReason#FAILED}.
 */
public interface ChatListener {

    /** A listener that ignores every event. */
    ChatListener NONE = new ChatListener() { };

    /**
     * A connection was established; lines can be sent to it from now on.
     *
     * @param session the new connection
     */
    default void onConnected(ChatSession session) {
    }

    /**
     * A line arrived. {@code BYE} is not delivered here: it ends the conversation and is reported as
     * {@link CloseReason#BYE_RECEIVED}.
     *
     * @param session the connection it came from
     * @param line the line, without its terminator
     */
    default void onLine(ChatSession session, String line) {
    }

    /**
     * The peer sent a line longer than the limit; it was discarded whole, the peer was sent one
     * {@code ERROR} line naming the limit (unless the discarded line was itself an {@code ERROR}
     * line), and the connection stays open. Also called for an over-long last line that the peer's
     * close cut off.
     *
     * @param session the connection it came from
     * @param maxLineLength the limit, in bytes
     */
    default void onLineTooLong(ChatSession session, int maxLineLength) {
    }

    /**
     * The conversation ended and the connection is closed. Called exactly once per connection that
     * was reported to {@link #onConnected}.
     *
     * @param session the connection
     * @param reason why it ended
     */
    default void onClosed(ChatSession session, CloseReason reason) {
    }
}
