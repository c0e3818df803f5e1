package dev.linechat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of a compare run: one row per scenario, the baseline's figure against chat's, and the
 * issue's target for it. Renders itself as markdown.
 */
final class Comparison {

    /** One side's figure in a scenario: the measured value, or why there is none or it cannot be trusted. */
    record Figure(double value, String unit, String failure, double cpuMicrosPerLine) {

        static Figure failed(String why) {
            return new Figure(Double.NaN, "", why, Double.NaN);
        }

        boolean measured() {
            return !Double.isNaN(value);
        }

        String text() {
            if (!measured()) {
                return "failed";
            }
            String number = switch (unit) {
                case "us" -> String.format(Locale.ROOT, "%.0f us", value);
                case "KiB" -> String.format(Locale.ROOT, "%.1f KiB", value);
                default -> value >= 1e6
                        ? String.format(Locale.ROOT, "%.2f M %s", value / 1e6, unit)
                        : String.format(Locale.ROOT, "%,.0f %s", value, unit);
            };
            return failure == null ? number : number + " (failed)";
        }
    }

    /**
     * What a scenario must reach: a ratio of chat's figure to the baseline's, or an absolute bound on
     * chat's figure.
     */
    record Target(String text, boolean ratio, boolean atLeast, double limit) {

        static Target ratioAtLeast(double limit) {
            return new Target(String.format(Locale.ROOT, ">= %.1fx", limit), true, true, limit);
        }

        static Target ratioAtMost(double limit) {
            return new Target(String.format(Locale.ROOT, "<= %.1fx", limit), true, false, limit);
        }

        static Target atMost(double limit, String unit) {
            return new Target(String.format(Locale.ROOT, "<= %.0f %s", limit, unit), false, false, limit);
        }
    }

    /** One scenario: the baseline it is measured against and both figures. */
    record Row(String scenario, String baseline, Figure base, Figure chat, Target target) {

        double ratio() {
            return base.measured() && chat.measured() && base.value() > 0 ? chat.value() / base.value() : Double.NaN;
        }

        /** Whether chat meets the target; never for a run that failed its checks. */
        boolean met() {
            if (chat.failure() != null || (target.ratio() && base.failure() != null)) {
                return false;
            }
            double value = target.ratio() ? ratio() : chat.value();
            return !Double.isNaN(value) && (target.atLeast() ? value >= target.limit() : value <= target.limit());
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    /** Adds a sentence printed under the table, such as which fan-out baseline was used. */
    void note(String text) {
        notes.add(text);
    }

    List<Row> rows() {
        return rows;
    }

    /** Returns every failed run as "scenario, side: reason". */
    List<String> failures() {
        List<String> out = new ArrayList<>();
        for (Row row : rows) {
            if (row.base().failure() != null) {
                out.add(row.scenario() + ", " + row.baseline() + ": " + row.base().failure());
            }
            if (row.chat().failure() != null) {
                out.add(row.scenario() + ", chat: " + row.chat().failure());
            }
        }
        return out;
    }

    /** The main table, with a last row for the zero-loss target over every run. */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | baseline | baseline figure | chat figure | ratio | target | met |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            double ratio = row.ratio();
            out.append("| ").append(row.scenario())
                    .append(" | ").append(row.baseline())
                    .append(" | ").append(row.base().text())
                    .append(" | ").append(row.chat().text())
                    .append(" | ").append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio))
                    .append(" | ").append(row.target().text())
                    .append(" | ").append(row.met() ? "yes" : "no")
                    .append(" |\n");
        }
        boolean clean = failures().isEmpty();
        out.append("| every run above: lines lost, reordered or corrupted | | | | | 0 | ")
                .append(clean ? "yes" : "no").append(" |\n");
        return out.toString();
    }

    /** Server CPU time per line (per delivery for fan-out), for the scenarios that sent lines. */
    String cpuTable() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | baseline | baseline CPU per line | chat CPU per line |\n");
        out.append("|---|---|---|---|\n");
        for (Row row : rows) {
            if (!Double.isNaN(row.base().cpuMicrosPerLine()) || !Double.isNaN(row.chat().cpuMicrosPerLine())) {
                out.append("| ").append(row.scenario()).append(" | ").append(row.baseline())
                        .append(" | ").append(micros(row.base().cpuMicrosPerLine()))
                        .append(" | ").append(micros(row.chat().cpuMicrosPerLine())).append(" |\n");
            }
        }
        return out.toString();
    }

    /** The whole report: tables, notes, failures, chart. */
    String markdown(String header) {
        StringBuilder out = new StringBuilder(header).append('\n');
        out.append(table()).append('\n');
        for (String note : notes) {
            out.append(note).append('\n');
        }
        out.append("\n### Server CPU per line\n\n").append(cpuTable());
        List<String> failures = failures();
        if (!failures.isEmpty()) {
            out.append("\n### Failed runs\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        out.append("\n![throughput and latency, baseline against chat](results.svg)\n");
        return out.toString();
    }

    private static String micros(double us) {
        return Double.isNaN(us) ? "-" : String.format(Locale.ROOT, "%.2f us", us);
    }
}
