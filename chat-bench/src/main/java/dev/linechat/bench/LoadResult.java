package dev.linechat.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The outcome of an echo, latency or fan-out run.
 *
 * @param title what was run, for the report
 * @param unit what {@code counted} counts: lines or deliveries
 * @param counted lines received while measuring
 * @param seconds how long the measurement lasted
 * @param lineBytes bytes per line, terminator included (prefixes excluded)
 * @param latency send-to-receive times of the lines counted, in nanoseconds
 * @param expected lines that should have arrived by the end of the run
 * @param received distinct lines that arrived
 * @param reordered lines that arrived after a line sent later
 * @param duplicated lines that arrived more than once
 * @param corrupted lines that were not as sent, or not ours at all
 * @param trouble a connection problem, or null
 */
record LoadResult(String title, String unit, long counted, double seconds, int lineBytes, Histogram latency,
        long expected, long received, long reordered, long duplicated, long corrupted, String trouble) {

    /** The percentiles reported, and drawn in the chart. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    long lost() {
        return expected - received;
    }

    double perSecond() {
        return seconds > 0 ? counted / seconds : 0;
    }

    double megabytesPerSecond() {
        return perSecond() * lineBytes / 1e6;
    }

    /** Returns a latency percentile in microseconds. */
    double micros(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1e3;
    }

    double maxMicros() {
        return latency.getMaxValue() / 1e3;
    }

    /** Returns why the run failed, in one line, or null if every line arrived once, intact and in order. */
    String failure() {
        if (trouble != null) {
            return trouble;
        }
        if (lost() != 0) {
            return String.format(Locale.ROOT, "%,d %s lost (expected %,d, received %,d)", lost(), unit, expected, received);
        }
        if (reordered != 0 || duplicated != 0) {
            return String.format(Locale.ROOT, "%,d %s out of order, %,d duplicated", reordered, unit, duplicated);
        }
        if (corrupted != 0) {
            return String.format(Locale.ROOT, "%,d lines corrupted", corrupted);
        }
        return null;
    }

    /** Returns the report printed by the load command: throughput, latency, checks. */
    String report() {
        StringBuilder out = new StringBuilder();
        out.append(title).append('\n');
        out.append(String.format(Locale.ROOT, "  throughput  %,.0f %s/s  %.1f MB/s  (%,d in %.2f s)%n",
                perSecond(), unit, megabytesPerSecond(), counted, seconds));
        out.append("  latency    ");
        for (double p : PERCENTILES) {
            out.append(String.format(Locale.ROOT, " p%s %s", label(p), formatMicros(micros(p))));
        }
        out.append(String.format(Locale.ROOT, "  max %s%n", formatMicros(maxMicros())));
        out.append(String.format(Locale.ROOT, "  checked     expected %,d  received %,d  lost %,d  reordered %,d"
                + "  duplicated %,d  corrupted %,d%n", expected, received, lost(), reordered, duplicated, corrupted));
        return out.toString();
    }

    /** 99.9 as "99.9", 50 as "50". */
    static String label(double percentile) {
        return percentile == Math.rint(percentile) ? String.valueOf((long) percentile) : String.valueOf(percentile);
    }

    /** Formats microseconds: "812 us", "1.42 ms". */
    static String formatMicros(double us) {
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000) : String.format(Locale.ROOT, "%.0f us", us);
    }
}
