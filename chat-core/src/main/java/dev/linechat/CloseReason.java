package dev.linechat;

/** Why a conversation ended, as reported to {@link ChatListener#onClosed}. */
public enum CloseReason {
    /** The peer said {@code BYE}. */
    BYE_RECEIVED,
    /** This side said {@code BYE}. */
    BYE_SENT,
    /** The peer closed the connection without saying {@code BYE}. */
    PEER_CLOSED,
    /** This side closed the connection, through {@link ChatSession#close()} or a handle's {@code close()}. */
    CLOSED_LOCALLY,
    /** The connection failed (reset, I/O error, or a listener that threw); see {@link ChatSession#failure()}. */
    FAILED
}
