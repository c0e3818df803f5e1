package dev.linechat.cluster;

/** A stream entry that is not a frame this version understands: a field is missing or unreadable. */
public final class MalformedFrameException extends IllegalArgumentException {

    /** Creates the exception with a message that names the field and what is wrong with it. */
    public MalformedFrameException(String message) {
        super(message);
    }
}
