package dev.linechat.cluster;

import java.util.Objects;

/**
 * One message between the nodes of a room: who sent it (node, epoch, sequence number), what it is
 * (its kind) and what it says (the member's name and the text).
 *
 * <p>The sequence number counts the frames one node has sent to one room since the node started,
 * from 1; the epoch is a random number drawn at each start, so that a node that restarted (and counts
 * from 1 again) is told apart from a node that repeats itself. Together they let a receiver drop
 * duplicates and name the lines it missed ({@link SequenceTracker}).
 *
 * @param node id of the sending node, never empty
 * @param epoch random number drawn when the sending node started
 * @param seq position of this frame in what the node has sent to the room, from 1
 * @param kind what the frame carries
 * @param name the member who said it (may be empty where the kind has no member)
 * @param text what was said (may be empty: an empty line is a line)
 */
public record ClusterFrame(String node, long epoch, long seq, Kind kind, String name, String text) {

    /** What a frame carries. */
    public enum Kind {
        /** A member's public line, delivered to every member of the room as {@code <name> text}. */
        LINE,
        /** A member joined the room on the sending node. */
        JOIN,
        /** A member left the room on the sending node. */
        LEAVE,
        /** A member of the sending node took another name: {@code name} is the old one, {@code text} the new. */
        RENAME,
        /** A private line to one member, who may be on any node: {@code text} is the receiver's name, a space, and the line. */
        WHISPER
    }

    /** Checks the fields, so that no frame without an origin or position ever exists. */
    public ClusterFrame {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        if (node.isEmpty()) {
            throw new IllegalArgumentException("node id is empty");
        }
        if (seq < 1) {
            throw new IllegalArgumentException("sequence number " + seq + " is not positive");
        }
    }
}
