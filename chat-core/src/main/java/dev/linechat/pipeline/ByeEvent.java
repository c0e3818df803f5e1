package dev.linechat.pipeline;

/**
 * User event fired by {@link ByeHandler} towards the handlers after it when a conversation ends with
 * the word {@link ByeHandler#BYE}, before the channel closes.
 */
public enum ByeEvent {
    /** The peer said {@code BYE}. */
    RECEIVED,
    /** This side said {@code BYE}. */
    SENT
}
