package dev.linechat.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code chat} launcher at the repository root, started as a person would start it: a
 * process with piped stdin, and stdout and stderr read by threads of their own into
 * {@link PrintedLines}. The launcher must not build ({@code CHAT_NO_BUILD=1}), runs this JVM, and
 * passes the launched JVM the strictest leak detector plus whatever {@code CHAT_JAVA_OPTS} holds.
 * Closing it destroys the process if it is still alive, forcibly if it does not stop in time.
 */
public final class LaunchedApp implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = PrintedLines.LINE_TIMEOUT_SECONDS;

    /** What the app prints on stdout, line by line. */
    public final PrintedLines out = new PrintedLines(() -> "stderr so far: [" + err() + "]; " + state());
    private final PrintedLines err = new PrintedLines(() -> "");
    private final Process process;
    private final Writer stdin;
    private final List<Thread> readers = new ArrayList<>();

    private LaunchedApp(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        readers.add(copy(process.getInputStream(), out, "stdout"));
        readers.add(copy(process.getErrorStream(), err, "stderr"));
    }

    /** Starts {@code ./chat ARGS}; the app's jar must have been built. */
    public static LaunchedApp start(String... args) throws IOException {
        Path launcher = repositoryRoot().resolve("chat");
        String app = "connect".equals(args[0]) ? "chat-client-app" : "chat-server-app";
        Path jar = repositoryRoot().resolve(app).resolve("target").resolve(app + ".jar");
        assertTrue(Files.isRegularFile(jar), () -> jar + " is missing: package " + app + " before this test runs");
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot().toFile());
        Map<String, String> env = builder.environment();
        env.put("CHAT_NO_BUILD", "1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        String inherited = System.getenv().getOrDefault("CHAT_JAVA_OPTS", "");
        env.put("CHAT_JAVA_OPTS", ("-Dio.netty.leakDetection.level=paranoid " + inherited).strip());
        return new LaunchedApp(builder.start());
    }

    /** Finds the directory holding the launcher, from the module directory the test runs in. */
    public static Path repositoryRoot() {
        Path moduleDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = moduleDir; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("chat")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no chat launcher in " + moduleDir + " or above");
    }

    /** Types one line on the app's stdin. */
    public void type(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Ends the app's stdin, as Ctrl-D or the end of a piped file does. */
    public void endInput() throws IOException {
        stdin.close();
    }

    /** Returns what the app has printed on stderr so far. */
    public String err() {
        return err.text();
    }

    /** Sends SIGTERM, as {@code kill} does; what the app prints meanwhile is still read. */
    public void terminate() {
        process.toHandle().destroy(); // Process.destroy() would also close the pipes we read
    }

    /** Sends SIGKILL: the process cannot clean up. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Waits for the process to exit and for its output to be read, and reports how it ended. */
    public Outcome awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            fail("still running after " + TIMEOUT_SECONDS + " s:\n" + snapshot(-1));
        }
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
        Outcome outcome = snapshot(process.exitValue());
        assertNoLeakOrStackTrace(outcome);
        return outcome;
    }

    /** Fails if the app reported a leaked buffer or printed a stack trace. */
    public static void assertNoLeakOrStackTrace(Outcome outcome) {
        assertFalse(outcome.err().contains("LEAK:"), outcome::toString);
        for (String stream : List.of(outcome.out(), outcome.err())) {
            assertFalse(stream.contains("\tat "), outcome::toString);
            assertFalse(stream.contains("Exception"), outcome::toString);
        }
    }

    /** Returns the lines of stderr, whatever the launched JVM's line separator. */
    public static List<String> errorLines(Outcome outcome) {
        return outcome.err().lines().filter(line -> !line.startsWith("Picked up ")).toList(); // JVM notices
    }

    /** Fails unless the app has exited with nothing on stderr. */
    public static void assertQuietSuccess(Outcome outcome) {
        assertTrue(outcome.exitCode() == 0 && errorLines(outcome).isEmpty(), outcome::toString);
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException alreadyGone) {
            // the process has exited and closed its end
        }
        try {
            if (process.isAlive()) {
                terminate();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private Outcome snapshot(int exitCode) {
        return new Outcome(exitCode, out.text(), err.text());
    }

    private String state() {
        return process.isAlive() ? "process " + process.pid() + " is running" : "exit code " + process.exitValue();
    }

    private Thread copy(InputStream from, PrintedLines to, String name) {
        Thread reader = new Thread(() -> {
            try (Reader text = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                text.transferTo(to);
            } catch (IOException closedByDestroyForcibly) {
                // the process is gone, and with it the rest of its output
            }
        }, "chat " + process.pid() + " " + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
