package dev.linechat.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Follows the sequence numbers of one stream of lines as they arrive and tells, at the end, how many
 * were lost, duplicated or came late. In order, each line costs a comparison; the gaps are remembered
 * only once one opens. Not thread-safe: one per stream and receiving connection.
 */
final class SequenceChecker {

    private long next;        // the number expected next
    private long received;
    private long duplicated;
    private long late;        // arrived after a line sent later
    private final TreeMap<Long, Long> gaps = new TreeMap<>(); // missing [start, end), by start

    /** Counts line {@code seq}. */
    void accept(long seq) {
        received++;
        if (seq == next) {
            next++;
        } else if (seq > next) {
            gaps.put(next, seq);
            next = seq + 1;
        } else if (fillGap(seq)) {
            late++;
        } else {
            duplicated++;
        }
    }

    /** Returns every line counted, duplicates included. */
    long received() {
        return received;
    }

    /** Returns the distinct lines counted. */
    long unique() {
        return received - duplicated;
    }

    long duplicated() {
        return duplicated;
    }

    /** Returns the lines that arrived after a line sent later than them. */
    long reordered() {
        return late;
    }

    /** Returns how many of the first {@code sent} lines have not arrived. */
    long lost(long sent) {
        return sent - unique();
    }

    /** Removes {@code seq} from the gaps; returns false if it was not missing, so it came twice. */
    private boolean fillGap(long seq) {
        Map.Entry<Long, Long> gap = gaps.floorEntry(seq);
        if (gap == null || seq >= gap.getValue()) {
            return false;
        }
        long start = gap.getKey();
        long end = gap.getValue();
        gaps.remove(start);
        if (start < seq) {
            gaps.put(start, seq);
        }
        if (seq + 1 < end) {
            gaps.put(seq + 1, end);
        }
        return true;
    }
}
