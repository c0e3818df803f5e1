package dev.linechat.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a command prints, cut into lines as they complete, for tests that wait for each line in
 * turn. Lines end at {@code \n} only, and a {@code \r} stays in the line: the chat console ends
 * lines with {@code \n} on every platform, and an exact comparison should notice if it does not.
 * Safe to write from any thread.
 */
final class PrintedLines extends Writer {

    /** How long a test waits for each line it expects. */
    static final long LINE_TIMEOUT_SECONDS = 10;

    private static final Pattern SERVER_STARTED =
            Pattern.compile("Server started on 127\\.0\\.0\\.1:(\\d+)\\. Waiting for a client\\.\\.\\.");

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final StringBuffer text = new StringBuffer();
    private final List<String> taken = new ArrayList<>(); // by the waiting test thread only
    private final Supplier<String> context;

    /** Collects lines; {@code context} says what else a failure message should show. */
    PrintedLines(Supplier<String> context) {
        this.context = context;
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
        text.append(buffer, offset, length);
        for (int i = offset; i < offset + length; i++) {
            if (buffer[i] == '\n') {
                lines.add(partial.toString());
                partial.setLength(0);
            } else {
                partial.append(buffer[i]);
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** Returns everything printed so far, terminators included. */
    String text() {
        return text.toString();
    }

    /** Waits for the next complete line. */
    String next() throws InterruptedException {
        String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            fail("no new line within " + LINE_TIMEOUT_SECONDS + " s; lines seen: " + taken
                    + "; unfinished line: [" + unfinished() + "]\n" + context.get());
        }
        taken.add(line);
        return line;
    }

    /** Waits for each of the given lines, in order, and fails on the first that differs. */
    void expect(String... expected) throws InterruptedException {
        for (String line : expected) {
            assertEquals(line, next(), () -> "lines seen: " + taken + "\n" + context.get());
        }
    }

    /** Waits for the server's first line and returns the port it names. */
    int expectServerStarted() throws InterruptedException {
        String line = next();
        Matcher started = SERVER_STARTED.matcher(line);
        assertTrue(started.matches(), () -> "not the start line: [" + line + "]\n" + context.get());
        return Integer.parseInt(started.group(1));
    }

    /** Returns the complete lines nobody has waited for yet, without waiting. */
    List<String> unread() {
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        return rest;
    }

    private synchronized String unfinished() {
        return partial.toString();
    }
}
