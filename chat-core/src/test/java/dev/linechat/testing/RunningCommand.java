package dev.linechat.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code chat} run in this JVM through an app's {@code Main.run}, on a thread of its own, with input
 * the test types and output the test waits for line by line. Closing it ends the input and, if the
 * command is still running, interrupts it and waits for it to stop.
 *
 * <pre>{@code
 * try (RunningCommand serve = RunningCommand.start(Main::run, "serve", "--port", "0")) {
 *     int port = serve.out.expectServerStarted();
 *     ...
 * }
 * }</pre>
 */
public final class RunningCommand implements AutoCloseable {

    /** An app's command line on plain streams: {@code Main.run} of the server or the client app. */
    @FunctionalInterface
    public interface EntryPoint {
        /**
         * Runs the command line to completion and returns its exit code.
         *
         * @param args the command line
         * @param stdin the user's input
         * @param out where the conversation is shown
         * @param err where errors go
         * @param prompts whether to show prompts, as at a terminal
         * @return the exit code
         */
        int run(String[] args, Reader stdin, PrintWriter out, PrintWriter err, boolean prompts);
    }

    /** What the test types on the command's input. */
    public final TypedInput stdin = new TypedInput();
    private final StringWriter err = new StringWriter(); // a StringBuffer inside: thread-safe
    /** What the command prints on its output, line by line. */
    public final PrintedLines out = new PrintedLines(() -> "stderr so far: [" + err() + "]");
    private final FutureTask<Integer> exit;
    private final Thread thread;

    private RunningCommand(EntryPoint main, boolean interactive, String... args) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        exit = new FutureTask<>(() -> main.run(args, stdin, outWriter, errWriter, interactive));
        thread = new Thread(exit, "chat " + String.join(" ", args));
        thread.setDaemon(true);
    }

    /** Starts {@code chat ARGS} as a script would run it: no terminal, so no prompts. */
    public static RunningCommand start(EntryPoint main, String... args) {
        return start(main, false, args);
    }

    /** Starts {@code chat ARGS}, at a terminal if {@code interactive}. */
    public static RunningCommand start(EntryPoint main, boolean interactive, String... args) {
        RunningCommand command = new RunningCommand(main, interactive, args);
        command.thread.start();
        return command;
    }

    /** Runs {@code chat ARGS} to completion with empty input, as a script would. */
    public static Outcome run(EntryPoint main, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = main.run(args, new StringReader(""), new PrintWriter(out, true), new PrintWriter(err, true), false);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Returns what has been printed on the error stream so far. */
    public String err() {
        return err.toString();
    }

    /** Waits for the command to return and reports how it ended. */
    public Outcome awaitExit() throws InterruptedException {
        try {
            int code = exit.get(PrintedLines.LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Outcome(code, out.text(), err());
        } catch (TimeoutException e) {
            return fail("still running after " + PrintedLines.LINE_TIMEOUT_SECONDS + " s:\n" + snapshot());
        } catch (ExecutionException e) {
            throw new AssertionError("the command threw:\n" + snapshot(), e.getCause());
        }
    }

    /** Tells whether the command is still running. */
    public boolean isRunning() {
        return !exit.isDone();
    }

    @Override
    public void close() {
        stdin.end();
        if (!exit.isDone()) {
            thread.interrupt(); // a server without --once would wait for ever; this stops it
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(PrintedLines.LINE_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Outcome snapshot() {
        return new Outcome(-1, out.text(), err());
    }
}
