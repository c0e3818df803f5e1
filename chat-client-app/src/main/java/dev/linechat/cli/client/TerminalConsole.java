package dev.linechat.cli.client;

import dev.linechat.console.LineConsole;
import dev.linechat.console.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.TerminalBuilder;

/** The user's console at a terminal: JLine keeps the half-typed line intact as lines arrive. */
final class TerminalConsole {

    private TerminalConsole() {
    }

    static LineConsole open(String prompt) {
        LineReader reader;
        try {
            reader = LineReaderBuilder.builder()
                    .terminal(TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8).build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
        return LineConsole.of(() -> {
            try {
                return reader.readLine(prompt);
            } catch (EndOfFileException e) {
                return null; // Ctrl-D
            } catch (UserInterruptException e) {
                Signals.interrupt(); // Ctrl-C while editing: stop as for the signal
                return null;
            }
        }, reader::printAbove);
    }
}
