package dev.linechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linechat.testing.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Bench.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void noCommandIsAUsageError() {
        run().assertUsageError("Missing command");
    }

    @Test
    void aLoadWithoutPortIsAUsageError() {
        run("load", "echo").assertUsageError("--port");
    }

    @Test
    void anUnknownModeIsAUsageError() {
        run("load", "flood", "--port", "1").assertUsageError("flood");
    }

    @Test
    void linesTooShortForTheirNumbersAreAUsageError() {
        run("load", "echo", "--port", "1", "--size", "10").assertUsageError("--size must be at least 24");
    }

    @Test
    void aBadDurationIsAUsageError() {
        run("load", "latency", "--port", "1", "--duration", "soon").assertUsageError("not a duration");
    }

    @Test
    void anUnknownPrefixRuleIsAUsageError() {
        run("load", "fanout", "--port", "1", "--prefix", "loose").assertUsageError("strict or none");
    }

    @Test
    void anUnknownBaselineIsAUsageError() {
        run("baseline", "netty-magic").assertUsageError("netty-bytebuf, netty-string, blocking, netty-group");
    }

    @Test
    void aCompareWithoutDurationIsAUsageError() {
        run("compare", "--duration", "0s").assertUsageError("--duration must be positive");
    }

    @Test
    void everyCommandButJmhHasHelp() {
        for (String[] args : new String[][] {{"-h"}, {"load", "-h"}, {"load", "conns", "--help"}, {"baseline", "-h"}, {"compare", "-h"}}) {
            Outcome outcome = run(args);
            assertThat(outcome.exitCode()).as(outcome::toString).isZero();
            assertThat(outcome.out()).as(outcome::toString).startsWith("Usage: bench");
        }
    }

    @Test
    void anUnreachableServerIsAFailureInOneLine() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Outcome outcome = run("load", "echo", "--port", Integer.toString(port), "--warmup", "0", "--duration", "100ms");
        assertThat(outcome.exitCode()).as(outcome::toString).isEqualTo(1);
        assertThat(outcome.err()).as(outcome::toString).startsWith("bench echo: cannot connect to 127.0.0.1:" + port)
                .doesNotContain("\tat ");
        assertThat(outcome.err().strip().lines().count()).as(outcome::toString).isEqualTo(1);
    }
}
