package dev.linechat.testing;

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
public final class PrintedLines extends Writer {

    /** How long a test waits for each line it expects. */
    public static final long LINE_TIMEOUT_SECONDS = 10;

    /** How the start line of {@code chat serve} in the console mode ends. */
    public static final String WAITING_FOR_A_CLIENT = " Waiting for a client...";

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final StringBuffer text = new StringBuffer();
    private final List<String> taken = new ArrayList<>(); // by the waiting test thread only
    private final Supplier<String> context;

    /** Collects lines; {@code context} says what else a failure message should show. */
    public PrintedLines(Supplier<String> context) {
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
    public String text() {
        return text.toString();
    }

    /** Waits for the next complete line. */
    public String next() throws InterruptedException {
        String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            fail("no new line within " + LINE_TIMEOUT_SECONDS + " s; lines seen: " + taken
                    + "; unfinished line: [" + unfinished() + "]\n" + context.get());
        }
        taken.add(line);
        return line;
    }

    /** Waits for each of the given lines, in order, and fails on the first that differs. */
    public void expect(String... expected) throws InterruptedException {
        for (String line : expected) {
            assertEquals(line, next(), () -> "lines seen: " + taken + "\n" + context.get());
        }
    }

    /**
     * Waits for the first line of {@code chat serve} in the console mode on 127.0.0.1 and returns the
     * port it names.
     */
    public int expectServerStarted() throws InterruptedException {
        return expectServerStarted("127.0.0.1", WAITING_FOR_A_CLIENT);
    }

    /**
     * Waits for the first line of {@code chat serve},
     * {@code Server started on ADDRESS:PORT.} followed by {@code rest}, and returns the port it names.
     *
     * @param address the address as the server names it: {@code 127.0.0.1}, {@code [::1]}
     * @param rest what follows the address's full stop: {@link #WAITING_FOR_A_CLIENT}, {@code " Mode: room."}
     *     (the transport that a room or echo server names after it is not checked)
     */
    public int expectServerStarted(String address, String rest) throws InterruptedException {
        Pattern startLine = Pattern.compile("Server started on " + Pattern.quote(address) + ":(\\d+)\\."
                + Pattern.quote(rest) + "( Transport: (nio|epoll|io_uring)\\.)?");
        String line = next();
        Matcher started = startLine.matcher(line);
        assertTrue(started.matches(), () -> "not the start line: [" + line + "]\n" + context.get());
        return Integer.parseInt(started.group(1));
    }

    /** Returns the complete lines nobody has waited for yet, without waiting. */
    public List<String> unread() {
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        return rest;
    }

    private synchronized String unfinished() {
        return partial.toString();
    }
}
