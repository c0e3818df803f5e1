package dev.linechat.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.linechat.ServerMode;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoakIT {

    @ParameterizedTest
    @CsvSource({"ECHO, 200, 4000", "ROOM, 200, 76000"})
    void deliversEveryLineOnceInOrderWithTwentyClients(ServerMode mode, int lines, long deliveries) throws Exception {
        Soak.Options options = Soak.Options.parse("--mode", mode.name().toLowerCase(Locale.ROOT),
                "--clients", "20", "--lines", Integer.toString(lines), "--stall", "10");
        Soak.Report report = Soak.run(options, null);

        assertThat(report.sent()).as(report.format()).isEqualTo(20L * lines);
        assertThat(report.expected()).as(report.format()).isEqualTo(deliveries);
        assertThat(report.received()).as(report.format()).isEqualTo(deliveries);
        assertThat(report.lost()).as(report.format()).isZero();
        assertThat(report.disordered()).as(report.format()).isZero();
        assertThat(report.corrupted()).as(report.format()).isZero();
        assertThat(report.clean()).as(report.format()).isTrue();
        assertThat(report.format()).contains("lost                  0", "result                OK");
        assertThat(Thread.getAllStackTraces().keySet()).as("threads left by the soak")
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("soak-client"));
    }

    @ParameterizedTest
    @CsvSource({"--mode chat", "--clients 0", "--senders 5 --clients 4", "--lines", "--nope 1"})
    void refusesBadOptions(String args) {
        assertThatIllegalArgumentException().isThrownBy(() -> Soak.Options.parse(args.split(" ")));
    }

    @ParameterizedTest
    @CsvSource({"echo, 1000, 64", "room, 1000, 1", "room, 10, 64"})
    void boundsTheLinesInFlightByDefault(String mode, int senders, int window) {
        Soak.Options options = Soak.Options.parse("--mode", mode, "--clients", "1000", "--senders",
                Integer.toString(senders));
        assertThat(options.window()).isEqualTo(window);
        assertThat(options.stall()).isEqualTo(Duration.ofSeconds(30));
    }
}
