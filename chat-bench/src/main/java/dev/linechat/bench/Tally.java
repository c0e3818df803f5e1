package dev.linechat.bench;

import org.HdrHistogram.Histogram;

/**
 * What one connection saw in a run, or the sum over several: made on each connection's I/O thread
 * once the run is over, then added up on the driving thread.
 */
final class Tally {

    /** Lines that should have arrived. */
    long expected;
    /** Distinct lines that did. */
    long unique;
    long reordered;
    long duplicated;
    long corrupted;
    /** Lines received while measuring. */
    long counted;
    /** Send-to-receive times of the lines counted, in nanoseconds. */
    final Histogram latency = newHistogram();
    /** The first thing that went wrong, such as a closed connection, or null. */
    String trouble;

    /** A histogram for latencies in nanoseconds: two significant digits, growing as needed. */
    static Histogram newHistogram() {
        return new Histogram(2);
    }

    /** Adds another tally to this one. */
    Tally add(Tally other) {
        expected += other.expected;
        unique += other.unique;
        reordered += other.reordered;
        duplicated += other.duplicated;
        corrupted += other.corrupted;
        counted += other.counted;
        latency.add(other.latency);
        if (trouble == null) {
            trouble = other.trouble;
        }
        return this;
    }

    /** Adds what {@code order} saw of a stream of which {@code sent} lines were sent. */
    void addStream(SequenceChecker order, long sent) {
        expected += sent;
        unique += order.unique();
        reordered += order.reordered();
        duplicated += order.duplicated();
    }

    /**
     * Turns the sum into a result.
     *
     * @param seconds how long lines were counted
     * @param lineBytes the bytes of a line with its terminator, for MB/s
     */
    LoadResult result(String title, String unit, double seconds, int lineBytes) {
        return new LoadResult(title, unit, counted, seconds, lineBytes, latency, expected, unique,
                reordered, duplicated, corrupted, trouble);
    }
}
