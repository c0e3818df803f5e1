package dev.linechat.cli.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code chat} run in this JVM through {@link Main#run}, on a thread of its own, with input the test
 * types and output the test waits for line by line. Closing it ends the input and, if the command
 * is still running, interrupts it and waits for it to stop.
 */
final class RunningCommand implements AutoCloseable {

    final TypedInput stdin = new TypedInput();
    private final StringWriter err = new StringWriter(); // a StringBuffer inside: thread-safe
    final PrintedLines out = new PrintedLines(() -> "stderr so far: [" + err() + "]");
    private final FutureTask<Integer> exit;
    private final Thread thread;

    private RunningCommand(boolean interactive, String... args) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        exit = new FutureTask<>(() -> Main.run(args, stdin, outWriter, errWriter, interactive));
        thread = new Thread(exit, "chat " + String.join(" ", args));
        thread.setDaemon(true);
    }

    /** Starts {@code chat ARGS} as a script would run it: no terminal, so no prompts. */
    static RunningCommand start(String... args) {
        return start(false, args);
    }

    /** Starts {@code chat ARGS}, at a terminal if {@code interactive}. */
    static RunningCommand start(boolean interactive, String... args) {
        RunningCommand command = new RunningCommand(interactive, args);
        command.thread.start();
        return command;
    }

    /** Runs {@code chat ARGS} to completion with empty input, as a script would. */
    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new StringReader(""), new PrintWriter(out, true), new PrintWriter(err, true), false);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Returns what has been printed on the error stream so far. */
    String err() {
        return err.toString();
    }

    /** Waits for the command to return and reports how it ended. */
    Outcome awaitExit() throws InterruptedException {
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
    boolean isRunning() {
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
