package dev.linechat.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A text console for a chat program: it shows lines as they arrive and reads the user's lines on a
 * thread of its own, so that neither side waits for the other.
 *
 * <p>{@link #plain} serves pipes, files and simple terminals: only the lines are printed, each flushed
 * at once, plus a prompt if one is given. {@link #of} adapts a line editor (such as JLine's
 * {@code LineReader}) that can print above the line being typed, so that an arriving line never
 * garbles what the user is typing. Safe to use from any thread.
 */
public final class LineConsole {

    private final LineSource source;
    private final Consumer<String> printer;

    private LineConsole(LineSource source, Consumer<String> printer) {
        this.source = source;
        this.printer = printer;
    }

    /** Where the user's lines come from. */
    @FunctionalInterface
    public interface LineSource {
        /**
         * Waits for the user's next line.
         *
         * @return the line without its terminator, or {@code null} at the end of the input
         * @throws IOException if the input cannot be read; it counts as the end
         */
        String readLine() throws IOException;
    }

    /**
     * Returns a console on plain streams.
     *
     * @param in the user's input; the console does not close it
     * @param out where lines are printed; the console flushes it after each line
     * @param prompt shown whenever the console waits for input (meant for a terminal), or
     *     {@code null} for none; a line that arrives meanwhile is printed above a fresh prompt
     * @return the console
     */
    public static LineConsole plain(Reader in, PrintWriter out, String prompt) {
        PlainStreams streams = new PlainStreams(in, out, prompt);
        return new LineConsole(streams::readLine, streams::show);
    }

    /**
     * Returns a console on a line editor.
     *
     * @param source reads the user's next line, showing the editor's prompt
     * @param printAbove prints a line above the one being typed and redraws it
     * @return the console
     */
    public static LineConsole of(LineSource source, Consumer<String> printAbove) {
        return new LineConsole(Objects.requireNonNull(source, "source"), Objects.requireNonNull(printAbove, "printAbove"));
    }

    /**
     * Shows one line.
     *
     * @param line the text to show, without terminator
     */
    public void show(String line) {
        printer.accept(line);
    }

    /**
     * Reads the user's lines on a new daemon thread, handing each one to {@code onLine} on that
     * thread, until {@code onLine} returns {@code false} or the input ends; in the latter case
     * {@code onEnd} runs. A read error counts as the end of the input.
     *
     * @param onLine receives each line, without its terminator, and tells whether to read on
     * @param onEnd runs once if the input ends
     * @return the started reading thread
     */
    public Thread readLines(Predicate<String> onLine, Runnable onEnd) {
        Thread reader = new Thread(() -> {
            String line;
            while ((line = next()) != null) {
                if (!onLine.test(line)) {
                    return;
                }
            }
            onEnd.run();
        }, "chat-console-input");
        reader.setDaemon(true); // a blocked read must not keep the program alive
        reader.start();
        return reader;
    }

    private String next() {
        try {
            return source.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** Plain streams, with a prompt that is redrawn below each line shown while it is up. */
    private static final class PlainStreams {
        private static final String CLEAR_LINE = "\r\u001b[K";

        private final BufferedReader in;
        private final PrintWriter out;
        private final String prompt;
        private boolean promptShown;

        PlainStreams(Reader in, PrintWriter out, String prompt) {
            this.in = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
            this.out = Objects.requireNonNull(out, "out");
            this.prompt = prompt;
        }

        synchronized void show(String line) {
            if (promptShown) {
                out.print(CLEAR_LINE);
            }
            out.print(line);
            out.print('\n'); // the console is line-oriented on every platform, like the wire
            if (promptShown) {
                out.print(prompt);
            }
            out.flush();
        }

        String readLine() throws IOException {
            showPrompt();
            String line = in.readLine();
            synchronized (this) {
                if (line == null && promptShown) {
                    out.print('\n'); // end of input leaves the cursor after the prompt
                    out.flush();
                }
                promptShown = false; // the user's Enter moved the cursor to a fresh line
            }
            return line;
        }

        private synchronized void showPrompt() {
            if (prompt != null && !promptShown) {
                out.print(prompt);
                out.flush();
                promptShown = true;
            }
        }
    }
}
