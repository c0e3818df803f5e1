package dev.linechat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.cluster.ClusterFrame.Kind;
import dev.linechat.cluster.SequenceTracker.Outcome;
import dev.linechat.cluster.SequenceTracker.Verdict;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    private final SequenceTracker tracker = new SequenceTracker("me");

    private static ClusterFrame frame(String node, long epoch, long seq) {
        return new ClusterFrame(node, epoch, seq, Kind.LINE, "someone", "line " + seq);
    }

    private Verdict accept(String node, long epoch, long seq) {
        return tracker.accept(frame(node, epoch, seq));
    }

    @Test
    void deliversConsecutiveFrames() {
        for (long seq = 1; seq <= 5; seq++) {
            assertEquals(new Verdict(Outcome.DELIVER, 0), accept("a", 9, seq));
        }
    }

    @Test
    void firstFrameFromANodeSeenMidStreamIsNotAGap() {
        assertEquals(new Verdict(Outcome.DELIVER, 0), accept("a", 9, 500));
        assertEquals(new Verdict(Outcome.DELIVER, 0), accept("a", 9, 501));
    }

    @Test
    void dropsOwnFrames() {
        Verdict v = accept("me", 1, 1);
        assertEquals(Outcome.OWN, v.outcome());
        assertFalse(v.deliver());
        assertEquals(Outcome.OWN, accept("me", 1, 7).outcome());
    }

    @Test
    void dropsDuplicatesAndOlderFrames() {
        accept("a", 9, 1);
        accept("a", 9, 2);
        Verdict v = accept("a", 9, 2);
        assertEquals(Outcome.DUPLICATE, v.outcome());
        assertFalse(v.deliver());
        assertEquals(Outcome.DUPLICATE, accept("a", 9, 1).outcome());
        assertEquals(Outcome.DELIVER, accept("a", 9, 3).outcome());
    }

    @Test
    void countsMissingFrames() {
        accept("a", 9, 1);
        Verdict v = accept("a", 9, 5);
        assertEquals(new Verdict(Outcome.GAP, 3), v);
        assertTrue(v.deliver());
        assertEquals(Outcome.DELIVER, accept("a", 9, 6).outcome());
        assertEquals(Outcome.DUPLICATE, accept("a", 9, 3).outcome(), "a late frame inside the gap is not delivered twice over");
    }

    @Test
    void restartedNodeStartsOver() {
        accept("a", 9, 1);
        accept("a", 9, 2);
        Verdict v = accept("a", 10, 1);
        assertEquals(new Verdict(Outcome.NEW_EPOCH, 0), v);
        assertTrue(v.deliver());
        assertEquals(Outcome.DELIVER, accept("a", 10, 2).outcome());
    }

    @Test
    void newEpochThatDoesNotStartAtOneIsAlsoAGap() {
        accept("a", 9, 40);
        assertEquals(new Verdict(Outcome.NEW_EPOCH, 4), accept("a", 10, 5));
        assertEquals(new Verdict(Outcome.GAP, 2), accept("a", 10, 8));
    }

    @Test
    void framesOfTheOldEpochAfterARestartStartOverAgain() {
        // A stream is ordered, so this only happens when two processes share a node id; the tracker
        // then follows whichever spoke last rather than dropping either.
        accept("a", 9, 3);
        accept("a", 10, 1);
        assertEquals(new Verdict(Outcome.NEW_EPOCH, 3), accept("a", 9, 4));
    }

    @Test
    void keepsNodesApart() {
        accept("a", 1, 1);
        accept("b", 1, 1);
        assertEquals(Outcome.DELIVER, accept("a", 1, 2).outcome());
        assertEquals(new Verdict(Outcome.GAP, 1), accept("b", 1, 3));
        assertEquals(Outcome.DUPLICATE, accept("a", 1, 2).outcome());
    }

    @Test
    void aSettledNumberBeyondWhatArrivedNamesTheLostFramesOnce() {
        accept("a", 9, 1);
        accept("a", 9, 2);
        assertEquals(0, tracker.settle("a", 9, 2), "everything settled arrived");
        assertEquals(3, tracker.settle("a", 9, 5), "3, 4 and 5 never came");
        assertEquals(0, tracker.settle("a", 9, 5), "told once");
        assertEquals(Outcome.DUPLICATE, accept("a", 9, 4).outcome(), "too late: already counted as lost");
        assertEquals(Outcome.DELIVER, accept("a", 9, 6).outcome());
    }

    @Test
    void settlingLeavesUnknownSendersAndItselfAlone() {
        assertEquals(0, tracker.settle("b", 1, 500), "what b said before this node heard it is not missing");
        assertEquals(Outcome.DELIVER, accept("b", 1, 501).outcome());
        assertEquals(0, tracker.settle("me", 1, 10));
    }

    @Test
    void aRestartedSenderWhoseNewFramesAllVanishedIsReported() {
        accept("a", 9, 7);
        assertEquals(2, tracker.settle("a", 10, 2), "the new epoch's 1 and 2 never came");
        assertEquals(Outcome.DELIVER, accept("a", 10, 3).outcome());
    }
}
