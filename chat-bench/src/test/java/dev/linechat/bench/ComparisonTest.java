package dev.linechat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.bench.Comparison.Figure;
import dev.linechat.bench.Comparison.Row;
import dev.linechat.bench.Comparison.Target;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static Figure lines(double perSecond) {
        return new Figure(perSecond, "lines/s", null, 0.5);
    }

    @Test
    void aThroughputTargetIsAMinimumRatio() {
        assertTrue(new Row("echo", "netty-bytebuf", lines(2e6), lines(1.8e6), Target.ratioAtLeast(0.9)).met());
        assertFalse(new Row("echo", "netty-bytebuf", lines(2e6), lines(1.79e6), Target.ratioAtLeast(0.9)).met());
    }

    @Test
    void aLatencyTargetIsAMaximumRatio() {
        Figure base = new Figure(140, "us", null, Double.NaN);
        assertTrue(new Row("p99", "netty-bytebuf", base, new Figure(168, "us", null, Double.NaN), Target.ratioAtMost(1.2)).met());
        assertFalse(new Row("p99", "netty-bytebuf", base, new Figure(169, "us", null, Double.NaN), Target.ratioAtMost(1.2)).met());
    }

    @Test
    void aMemoryTargetBoundsChatAlone() {
        Figure base = new Figure(1.7, "KiB", null, Double.NaN);
        assertTrue(new Row("rss", "netty-bytebuf", base, new Figure(9.9, "KiB", null, Double.NaN), Target.atMost(10, "KiB")).met());
        assertTrue(new Row("rss", "netty-bytebuf", Figure.failed("no"), new Figure(9.9, "KiB", null, Double.NaN),
                Target.atMost(10, "KiB")).met());
        assertFalse(new Row("rss", "netty-bytebuf", base, new Figure(10.1, "KiB", null, Double.NaN), Target.atMost(10, "KiB")).met());
    }

    @Test
    void aRunThatLostLinesNeverMeetsItsTarget() {
        Figure lossy = new Figure(9e6, "lines/s", "3 lines lost", Double.NaN);
        Row row = new Row("echo", "netty-bytebuf", lines(2e6), lossy, Target.ratioAtLeast(0.9));
        assertFalse(row.met());
        Comparison comparison = new Comparison();
        comparison.add(row);
        assertEquals(1, comparison.failures().size());
        assertThat(comparison.table()).contains("9.00 M lines/s (failed)", "| 0 | no |");
    }

    @Test
    void tabulatesFiguresRatiosAndTargets() {
        Comparison comparison = new Comparison();
        comparison.add(new Row("echo, 1 conn", "netty-bytebuf", lines(2.14e6), lines(1.93e6), Target.ratioAtLeast(0.9)));
        comparison.add(new Row("rss", "netty-bytebuf", Figure.failed("did not start"), new Figure(3.5, "KiB", null, Double.NaN),
                Target.atMost(10, "KiB")));
        String table = comparison.table();
        assertThat(table).contains("| echo, 1 conn | netty-bytebuf | 2.14 M lines/s | 1.93 M lines/s | 0.90x | >= 0.9x | yes |");
        assertThat(table).contains("| rss | netty-bytebuf | failed | 3.5 KiB | - | <= 10 KiB | yes |");
        assertThat(comparison.cpuTable()).contains("| echo, 1 conn | netty-bytebuf | 0.50 us | 0.50 us |");
        assertThat(comparison.markdown("## results\n")).contains("did not start", "results.svg");
    }
}
