package dev.linechat.internal;

/**
 * User event fired through a server connection's pipeline when the server itself ends that
 * connection (it was idle too long, or too slow to read), so that the session reports
 * {@link dev.linechat.CloseReason#CLOSED_LOCALLY} and what the peer still sends goes nowhere.
 */
public enum LocalCloseEvent {
    /** The only instance. */
    INSTANCE
}
