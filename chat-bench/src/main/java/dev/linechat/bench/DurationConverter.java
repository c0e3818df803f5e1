package dev.linechat.bench;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations such as {@code 10s}, {@code 1.5s}, {@code 500ms} or {@code 2m}; a bare number is seconds. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        String t = text.trim();
        long unitMillis;
        if (t.endsWith("ms")) {
            unitMillis = 1;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unitMillis = 1000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unitMillis = 60_000;
            t = t.substring(0, t.length() - 1);
        } else {
            unitMillis = 1000;
        }
        try {
            BigDecimal millis = new BigDecimal(t).multiply(BigDecimal.valueOf(unitMillis));
            if (millis.signum() < 0) {
                throw new TypeConversionException("'" + text + "' is negative");
            }
            return Duration.ofMillis(millis.longValue());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a duration such as 10s, 500ms or 2m");
        }
    }
}
