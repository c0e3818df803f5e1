package dev.linechat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A baseline in a process of its own, as compare starts it: found by its start line, loaded, stopped. */
class ServerProcessIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void startsABaselineProcessFindsItsPortAndStopsIt() throws InterruptedException {
        List<String> command = List.of(JAVA, "-cp", System.getProperty("java.class.path"), Bench.class.getName(),
                "baseline", "netty-bytebuf", "--port", "0");
        ServerProcess server = ServerProcess.start("netty-bytebuf", command, Map.of(), CompareCommand.BASELINE_READY,
                Duration.ofSeconds(30));
        try (server; Loader loader = new Loader(1)) {
            Timing brief = new Timing(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(5));
            LoadResult result = new EchoLoad("127.0.0.1", server.port(), 1, 10, 64, brief).run(loader);
            assertNull(result.failure(), result::report);
            assertThat(server.cpuTime()).isPositive();
        }
        assertTrue(ProcessHandle.of(server.pid()).map(p -> !p.isAlive()).orElse(true), "still running after close");
    }

    @Test
    void aServerThatExitsFailsWithItsLastWords() {
        List<String> command = List.of(JAVA, "-cp", System.getProperty("java.class.path"), Bench.class.getName(),
                "baseline", "netty-bytebuf", "--host", "no.such.host.invalid");
        LoadException e = assertThrows(LoadException.class, () -> ServerProcess.start("netty-bytebuf", command, Map.of(),
                CompareCommand.BASELINE_READY, Duration.ofSeconds(30)));
        assertThat(e.getMessage()).contains("netty-bytebuf did not say it was listening", "no.such.host.invalid");
    }
}
