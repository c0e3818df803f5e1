package dev.linechat.bench;

import java.util.List;
import java.util.Locale;

/**
 * Draws the comparison as an SVG: on the left, throughput per scenario, baseline against chat; on the
 * right, ping-pong latency percentiles on a logarithmic axis. Plain SVG written by hand, readable in
 * any browser.
 */
final class Chart {

    /** One group of two bars; a value is NaN when its run failed. */
    record Bars(String label, String sublabel, double base, double chat) {
    }

    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;
    private static final int PANEL = 420;    // width of each panel's plot area
    private static final int TOP = 70;
    private static final int PLOT = 260;     // height of the plot area
    private static final String BASE_COLOUR = "#9aa0a6";
    private static final String CHAT_COLOUR = "#1a73e8";

    private Chart() {
    }

    /**
     * Returns the SVG document.
     *
     * @param throughput figures in lines (or deliveries) per second
     * @param latency figures in microseconds
     * @param latencyTitle the latency panel's title, naming the unit and the baseline
     */
    static String svg(List<Bars> throughput, List<Bars> latency, String latencyTitle) {
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        legend(out);
        panel(out, 60, "Throughput (million lines or deliveries per second)", throughput, 1e6, "%.2f", false);
        // Percentiles span orders of magnitude: on a linear axis p50 would vanish under p99.9.
        panel(out, 60 + PANEL + 60, latencyTitle, latency, 1, "%.0f", true);
        out.append("</svg>\n");
        return out.toString();
    }

    private static void legend(StringBuilder out) {
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"12\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"24\">baseline</text>%n", WIDTH - 220, BASE_COLOUR, WIDTH - 200));
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"12\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"24\">chat</text>%n", WIDTH - 120, CHAT_COLOUR, WIDTH - 100));
    }

    /** Where values sit on a panel's vertical axis, and its gridlines. */
    private record Scale(boolean log, double low, double high, double step) {

        /** A linear axis from 0 with 4 or 5 round steps. */
        static Scale linear(double max) {
            double step = niceStep(max > 0 ? max / 4 : 1);
            return new Scale(false, 0, Math.max(step, Math.ceil(max / step) * step), step);
        }

        /** A logarithmic axis from the power of ten at or below {@code min} to the one at or above {@code max}. */
        static Scale log(double min, double max) {
            double low = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1))));
            double high = Math.pow(10, Math.ceil(Math.log10(Math.max(max, low * 10))));
            return new Scale(true, low, high == low ? low * 10 : high, 10);
        }

        /** How far up the plot {@code value} sits, from 0 to 1. */
        double fraction(double value) {
            double v = Math.min(value, high);
            return log ? Math.max(0, Math.log10(v / low) / Math.log10(high / low)) : v / high;
        }

        List<Double> ticks() {
            List<Double> ticks = new java.util.ArrayList<>();
            for (double v = low; v <= high * 1.0001; v = log ? v * step : v + step) {
                ticks.add(v);
            }
            return ticks;
        }
    }

    /** Draws one panel: axis with gridlines, two bars per group, value labels. */
    private static void panel(StringBuilder out, int left, String title, List<Bars> groups, double scale, String format,
            boolean log) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Bars g : groups) {
            for (double v : new double[] {g.base() / scale, g.chat() / scale}) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        Scale axis = !log ? Scale.linear(max) : max > 0 ? Scale.log(min, max) : Scale.log(1, 10);
        int bottom = TOP + PLOT;
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                left, TOP - 22, escape(title)));
        for (double v : axis.ticks()) {
            double y = bottom - axis.fraction(v) * PLOT;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>%n",
                    left, y, left + PANEL, y, left - 6, y + 4, trim(v)));
        }
        out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                left, bottom, left + PANEL, bottom));
        if (groups.isEmpty()) {
            return;
        }
        double slot = (double) PANEL / groups.size();
        double bar = Math.min(48, slot / 3);
        for (int i = 0; i < groups.size(); i++) {
            Bars g = groups.get(i);
            double centre = left + slot * (i + 0.5);
            bar(out, centre - bar, bar, g.base() / scale, axis, BASE_COLOUR, format);
            bar(out, centre, bar, g.chat() / scale, axis, CHAT_COLOUR, format);
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    centre, bottom + 18, escape(g.label())));
            if (!g.sublabel().isEmpty()) {
                out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\""
                        + " font-size=\"11\">%s</text>%n", centre, bottom + 33, escape(g.sublabel())));
            }
        }
    }

    private static void bar(StringBuilder out, double x, double width, double value, Scale axis, String colour, String format) {
        int bottom = TOP + PLOT;
        if (Double.isNaN(value)) {
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#b00\">n/a</text>%n",
                    x + width / 2, bottom - 4));
            return;
        }
        double h = axis.fraction(value) * PLOT;
        out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x + 2, bottom - h, width - 4, h, colour));
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                x + width / 2, bottom - h - 4, String.format(Locale.ROOT, format, value)));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= rough) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
