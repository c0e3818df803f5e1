package dev.linechat.console;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams of a command-line chat program, set up the way its users expect.
 *
 * @param in standard input, read as UTF-8
 * @param out standard output, written as UTF-8 and flushed at each line
 * @param err standard error, likewise
 */
public record Stdio(Reader in, PrintWriter out, PrintWriter err) {

    /**
     * Opens the process's standard streams in UTF-8, whatever the platform's default (the console
     * speaks the same charset as the wire), makes each log record one line without a stack trace,
     * and reports an exception that escapes a thread as one line on standard error.
     *
     * @param program the name that starts each error line, such as {@code chat serve}
     * @return the streams
     */
    public static Stdio open(String program) {
        System.setProperty("java.util.logging.SimpleFormatter.format", program + ": %4$s: %5$s%n");
        PrintWriter err = utf8(new FileOutputStream(FileDescriptor.err));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            err.println(program + ": unexpected error in " + thread.getName() + ": " + e);
            err.flush();
        });
        Reader in = new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8);
        return new Stdio(in, utf8(new FileOutputStream(FileDescriptor.out)), err);
    }

    private static PrintWriter utf8(FileOutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
