package dev.linechat.cli.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.PrintedLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code chat connect} at a real terminal: util-linux's {@code script} gives it a pseudo-terminal,
 * so the app takes its line editor, and the test types keys the way a person would.
 */
class TerminalProcessIT {

    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @Test
    void keepsTheHalfTypedLineWhenALineArrives() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "needs util-linux script for a pseudo-terminal");
        try (LaunchedApp server = LaunchedApp.start("serve", "--port", "0")) {
            int port = server.out.expectServerStarted();
            Terminal client = Terminal.start("connect --port " + port);
            try {
                client.awaitScreen("Connected to the server.");
                server.out.next(); // Client connected from ...
                client.press("half typ");
                client.awaitScreen("Client: half typ");

                server.type("Yes? Whats the big idea?");
                String screen = client.awaitScreen("Server says: Yes? Whats the big idea?");
                int arrived = screen.indexOf("Server says: Yes? Whats the big idea?");
                client.awaitScreenAfter(arrived, "Client: half typ"); // redrawn below, not lost

                client.press("ed\r");
                server.out.expect("Client says: half typed");
                client.press("\u0004"); // Ctrl-D: the end of input says BYE
                server.out.expect("Client says: BYE", "Closing connection");
                assertEquals(0, client.awaitExit(), client::screen);
            } finally {
                client.destroy();
            }
        }
    }

    /** The client app on a pseudo-terminal, with everything it draws collected as text. */
    private static final class Terminal {
        private final Process process;
        private final OutputStream keys;
        private final StringBuffer screen = new StringBuffer();

        private Terminal(Process process) {
            this.process = process;
            this.keys = process.getOutputStream();
            Thread reader = new Thread(() -> copyScreen(process.getInputStream()), "terminal-screen");
            reader.setDaemon(true);
            reader.start();
        }

        static Terminal start(String chatArgs) throws IOException {
            Path launcher = LaunchedApp.repositoryRoot().resolve("chat");
            String command = "stty cols 120 rows 30; exec " + launcher + " " + chatArgs;
            ProcessBuilder builder = new ProcessBuilder(List.of(SCRIPT.toString(), "-qfec", command, "/dev/null"))
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.put("CHAT_NO_BUILD", "1");
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("TERM", "xterm");
            String inherited = System.getenv().getOrDefault("CHAT_JAVA_OPTS", "");
            env.put("CHAT_JAVA_OPTS", ("-Dio.netty.leakDetection.level=paranoid " + inherited).strip());
            return new Terminal(builder.start());
        }

        private void copyScreen(InputStream in) {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    screen.append(new String(buffer, 0, n, UTF_8));
                }
            } catch (IOException e) {
                // the terminal went away
            }
        }

        void press(String keysTyped) throws IOException {
            keys.write(keysTyped.getBytes(UTF_8));
            keys.flush();
        }

        String screen() {
            return screen.toString();
        }

        String awaitScreen(String text) throws InterruptedException {
            return awaitScreenAfter(0, text);
        }

        String awaitScreenAfter(int from, String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PrintedLines.LINE_TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline) {
                String now = screen();
                if (now.indexOf(text, from) >= 0) {
                    return now;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the terminal never showed '" + text + "' after offset " + from
                    + "; it shows: " + screen().replace("\u001b", "ESC"));
        }

        int awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(PrintedLines.LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS), this::screen);
            return process.exitValue();
        }

        void destroy() {
            process.destroyForcibly();
        }
    }
}
