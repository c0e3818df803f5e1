package dev.linechat;

/** What a {@link ChatServer} does with its clients' lines; chosen with {@link ChatServer.Builder#mode}. */
public enum ServerMode {
    /**
     * The lab's operator console, for any number of clients: each line is shown to the operator,
     * naming its client once there are several, and the operator's lines go to every client, or to
     * one with {@code @ID text}.
     */
    CONSOLE,
    /**
     * A chat room: each client's line goes to every other client as {@code <name> text}; joins and
     * leaves are announced; clients use {@code /nick}, {@code /who}, {@code /msg} and {@code /help}.
     * The operator's lines go to everyone under the name {@code server}.
     */
    ROOM,
    /** Every line goes back to its sender unchanged; the operator's lines go to every client. */
    ECHO
}
