package dev.linechat.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes durations the way people type them on a command line: {@code 500ms}, {@code 30s}, {@code 1h30m}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration: one or more numbers, each followed by its unit ({@code ms}, {@code s},
     * {@code m}, {@code h} or {@code d}), such as {@code 30s}, {@code 5m}, {@code 1h30m}; a bare
     * {@code 0} is zero.
     *
     * @param text the text
     * @return the duration, never negative
     * @throws IllegalArgumentException if the text is not a duration
     */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < s.length() && part.find(at) && part.start() == at) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            at = part.end();
        }
        if (at == 0 || at != s.length()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (expected a number and a unit,"
                    + " such as 500ms, 30s, 5m or 1h)");
        }
        return total;
    }

    /**
     * Formats a duration in the largest unit that shows it exactly: {@code 30s}, {@code 5m},
     * {@code 1500ms}.
     *
     * @param duration a duration that is not negative
     * @return its text
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0 || millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
