package dev.linechat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceCheckerTest {

    private final SequenceChecker order = new SequenceChecker();

    private void accept(long... seqs) {
        for (long seq : seqs) {
            order.accept(seq);
        }
    }

    @Test
    void linesInOrderAreNeitherLostNorReordered() {
        accept(0, 1, 2, 3, 4);
        assertEquals(0, order.lost(5));
        assertEquals(0, order.reordered());
        assertEquals(0, order.duplicated());
    }

    @Test
    void linesThatNeverArriveAreLost() {
        accept(0, 1, 3, 4, 7);
        assertEquals(3, order.lost(8)); // 2, 5 and 6
        assertEquals(0, order.reordered());
    }

    @Test
    void linesMissingAtTheEndAreLost() {
        accept(0, 1, 2);
        assertEquals(2, order.lost(5));
    }

    @Test
    void aLateLineIsReorderedNotLost() {
        accept(0, 2, 3, 1, 4);
        assertEquals(0, order.lost(5));
        assertEquals(1, order.reordered());
        assertEquals(0, order.duplicated());
    }

    @Test
    void lateLinesFillAGapFromBothEnds() {
        accept(0, 5, 1, 4, 2, 3);
        assertEquals(0, order.lost(6));
        assertEquals(4, order.reordered());
    }

    @Test
    void aRepeatedLineIsDuplicatedAndCountsOnce() {
        accept(0, 1, 1, 2, 0);
        assertEquals(2, order.duplicated());
        assertEquals(3, order.unique());
        assertEquals(0, order.lost(3));
    }

    @Test
    void aLateLineArrivingTwiceIsReorderedOnceAndDuplicatedOnce() {
        accept(0, 2, 1, 1);
        assertEquals(1, order.reordered());
        assertEquals(1, order.duplicated());
        assertEquals(0, order.lost(3));
    }
}
