package dev.linechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void readsANumberWithItsUnit() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofDays(2), Durations.parse("2d"));
        assertEquals(Duration.ofSeconds(45), Durations.parse(" 45S "));
    }

    @Test
    void addsUpSeveralParts() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
    }

    @Test
    void readsZeroWithOrWithoutAUnit() {
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "5 m", "-5s", "1.5s", "30x", "30sec", "9999999999s", "m5", "1h 30m"})
    void refusesWhatIsNotADuration(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertThat(e.getMessage()).contains("'" + text + "'").contains("30s");
    }

    @Test
    void writesTheLargestExactUnit() {
        assertEquals("30s", Durations.format(Duration.ofSeconds(30)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("5m", Durations.format(Duration.ofMinutes(5)));
        assertEquals("2h", Durations.format(Duration.ofHours(2)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("0ms", Durations.format(Duration.ZERO));
    }
}
