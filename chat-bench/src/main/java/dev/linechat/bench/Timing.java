package dev.linechat.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a run lasts: {@code warmup} uncounted, then {@code duration} measured, then at most
 * {@code drain} waiting for the lines still in flight.
 */
record Timing(Duration warmup, Duration duration, Duration drain) {

    /** Describes the run for a report's title: "10 s after 2 s warm-up". */
    String describe() {
        return seconds(duration) + " after " + seconds(warmup) + " warm-up";
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.1f", s)) + " s";
    }
}
