package dev.linechat.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, for each frame read from a room's stream, whether to deliver it: drops this node's own
 * frames and duplicates, and counts the frames missing before it.
 *
 * <p>It remembers, per sending node, the epoch and the last sequence number delivered. The first
 * frame seen from a node is delivered as it is, whatever its number: a node that joins a room which
 * is already talking starts reading where the stream is, and what was said before it came is not
 * missing. A frame with another epoch than the one remembered means the sender restarted; counting
 * starts again from that frame, and if it is not number 1, the frames before it in the new epoch are
 * reported missing. What the sender sent at the end of its previous epoch and never reached this node
 * cannot be known and is not reported.
 *
 * <p>Not thread-safe: one reader owns it.
 */
public final class SequenceTracker {

    /** What to do with a frame. */
    public enum Outcome {
        /** The next frame from its node: deliver it. */
        DELIVER,
        /** Already delivered (same epoch, number not above the last one): drop it. */
        DUPLICATE,
        /** Frames are missing before this one ({@link Verdict#missing()} of them); deliver it after saying so. */
        GAP,
        /** Sent by this node, which delivered it locally already: drop it. */
        OWN,
        /** First frame of a restarted node: deliver it; {@link Verdict#missing()} frames of the new epoch came before it. */
        NEW_EPOCH
    }

    /**
     * The decision for one frame.
     *
     * @param outcome what to do
     * @param missing how many frames of the sender are missing just before this one (0 unless GAP or NEW_EPOCH)
     */
    public record Verdict(Outcome outcome, long missing) {

        static final Verdict DELIVER = new Verdict(Outcome.DELIVER, 0);
        static final Verdict DUPLICATE = new Verdict(Outcome.DUPLICATE, 0);
        static final Verdict OWN = new Verdict(Outcome.OWN, 0);

        /** Whether the frame goes to local members. */
        public boolean deliver() {
            return outcome != Outcome.DUPLICATE && outcome != Outcome.OWN;
        }
    }

    private final String self;
    private final Map<String, Position> positions = new HashMap<>();

    /** Creates a tracker for the node {@code self}, whose own frames it drops. */
    public SequenceTracker(String self) {
        this.self = Objects.requireNonNull(self, "self");
    }

    /** Judges a frame and, if it is to be delivered, moves past it. */
    public Verdict accept(ClusterFrame frame) {
        if (frame.node().equals(self)) {
            return Verdict.OWN;
        }
        Position last = positions.get(frame.node());
        if (last == null) {
            positions.put(frame.node(), new Position(frame.epoch(), frame.seq()));
            return Verdict.DELIVER;
        }
        if (last.epoch != frame.epoch()) {
            last.epoch = frame.epoch();
            last.seq = frame.seq();
            return new Verdict(Outcome.NEW_EPOCH, frame.seq() - 1);
        }
        if (frame.seq() <= last.seq) {
            return Verdict.DUPLICATE;
        }
        long missing = frame.seq() - last.seq - 1;
        last.seq = frame.seq();
        return missing == 0 ? Verdict.DELIVER : new Verdict(Outcome.GAP, missing);
    }

    /**
     * Learns that a sender had sent (or given up) every frame up to {@code settled} by a moment
     * before everything in the stream was read: what of those was not delivered is lost. Frames that
     * come later with a number up to {@code settled} count as duplicates. A sender never heard from
     * is left alone, as its earlier frames are not this node's business.
     *
     * @param node the sender
     * @param epoch the sender's epoch
     * @param settled the sender's highest number below which nothing waits to be sent
     * @return how many frames were lost, 0 if none
     */
    public long settle(String node, long epoch, long settled) {
        Position last = positions.get(node);
        if (last == null || node.equals(self)) {
            return 0;
        }
        if (last.epoch != epoch) { // restarted, and nothing of its new epoch arrived
            last.epoch = epoch;
            last.seq = settled;
            return settled;
        }
        if (settled <= last.seq) {
            return 0;
        }
        long missing = settled - last.seq;
        last.seq = settled;
        return missing;
    }

    /** Epoch and last delivered number of one sender; mutable, because it moves with every frame. */
    private static final class Position {
        long epoch;
        long seq;

        Position(long epoch, long seq) {
            this.epoch = epoch;
            this.seq = seq;
        }
    }
}
