package dev.linechat.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A text console for a chat program: it shows lines as they arrive and reads the user's lines on a
 * thread of its own, so that neither side waits for the other.
 *
 * <p>With a prompt (meant for a terminal), the prompt is shown whenever the console waits for input,
 * and a line that arrives meanwhile is printed above a fresh prompt. Without one (pipes and files),
 * only the lines are printed, each flushed at once. Safe to use from any thread.
 */
public final class LineConsole {

    private static final String CLEAR_LINE = "\r\u001b[K";

    private final PrintWriter out;
    private final String prompt;
    private boolean promptShown;

    /**
     * Creates a console.
     *
     * @param out where lines are printed; the console flushes it after each line
     * @param prompt the prompt to show while waiting for input, or {@code null} for none
     */
    public LineConsole(PrintWriter out, String prompt) {
        this.out = Objects.requireNonNull(out, "out");
        this.prompt = prompt;
    }

    /**
     * Prints one line, above the prompt if one is showing, and flushes.
     *
     * @param line the text to show
     */
    public synchronized void show(String line) {
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

    /**
     * Reads the user's lines on a new daemon thread, handing each one to {@code onLine} on that
     * thread, until {@code onLine} returns {@code false} or the input ends; in the latter case
     * {@code onEnd} runs. A read error counts as the end of the input.
     *
     * @param in the user's input; the console does not close it
     * @param onLine receives each line, without its terminator, and tells whether to read on
     * @param onEnd runs once if the input ends
     * @return the started reading thread
     */
    public Thread readLines(Reader in, Predicate<String> onLine, Runnable onEnd) {
        BufferedReader lines = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
        Thread reader = new Thread(() -> {
            String line;
            while ((line = nextLine(lines)) != null) {
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

    private String nextLine(BufferedReader lines) {
        showPrompt();
        try {
            String line = lines.readLine();
            synchronized (this) {
                if (line == null && promptShown) {
                    out.print('\n'); // end of input leaves the cursor after the prompt
                    out.flush();
                }
                promptShown = false; // the user's Enter moved the cursor to a fresh line
            }
            return line;
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void showPrompt() {
        if (prompt != null && !promptShown) {
            out.print(prompt);
            out.flush();
            promptShown = true;
        }
    }
}
