package dev.linechat.bench;

import java.util.Locale;

/**
 * The outcome of a conns run.
 *
 * @param connections idle connections opened
 * @param openSeconds how long opening them took
 * @param rssBeforeKiB the server's resident memory before, or -1 if no server process was named
 * @param rssAfterKiB the same once all were open and the settle time had passed
 * @param closed connections the server had closed by the end
 * @param probed connections that sent a line
 * @param echoed of those, how many got it back (equal to {@code probed} unless echo was expected)
 */
record ConnsResult(int connections, double openSeconds, long rssBeforeKiB, long rssAfterKiB, int closed,
        int probed, int echoed) {

    /** Returns the server's memory per idle connection in KiB, or NaN if unknown. */
    double kibPerConnection() {
        return rssBeforeKiB < 0 ? Double.NaN : (double) (rssAfterKiB - rssBeforeKiB) / connections;
    }

    /** Returns why the run failed, in one line, or null if every connection stayed open and worked. */
    String failure() {
        if (closed > 0) {
            return String.format(Locale.ROOT, "the server closed %,d of %,d idle connections", closed, connections);
        }
        if (echoed < probed) {
            return String.format(Locale.ROOT, "%,d of %,d probed connections did not echo their line", probed - echoed, probed);
        }
        return null;
    }

    String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "conns: %,d idle connections, opened in %.1f s%n", connections, openSeconds));
        if (rssBeforeKiB >= 0) {
            out.append(String.format(Locale.ROOT, "  server RSS  %,d KiB before, %,d KiB after: %.1f KiB per connection%n",
                    rssBeforeKiB, rssAfterKiB, kibPerConnection()));
        }
        out.append(String.format(Locale.ROOT, "  checked     %,d closed by the server, %,d of %,d probed connections answered%n",
                closed, echoed, probed));
        return out.toString();
    }
}
