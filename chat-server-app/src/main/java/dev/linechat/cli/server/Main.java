package dev.linechat.cli.server;

import dev.linechat.ChatException;
import dev.linechat.console.LineConsole;
import dev.linechat.console.Signals;
import dev.linechat.console.Stdio;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;

/** Entry point of the server app: {@code chat serve}. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line and exits with its code: 0 on success, 1 on a runtime failure, 2 on a
     * usage error.
     *
     * @param args the command line, starting with the subcommand
     */
    public static void main(String[] args) {
        // Lettuce (--cluster) finds both native transports here and warns at every connection that it
        // took epoll; telling it to leave io_uring alone takes epoll without the warning.
        if (System.getProperty("io.lettuce.core.iouring") == null) {
            System.setProperty("io.lettuce.core.iouring", "false");
        }
        Stdio stdio = Stdio.open("chat serve");
        Function<String, LineConsole> consoles = System.console() != null
                ? TerminalConsole::open // a person at a terminal: line editing, prompts
                : prompt -> LineConsole.plain(stdio.in(), stdio.out(), null);
        System.exit(run(args, consoles, Signals::onStop, stdio.out(), stdio.err()));
    }

    /**
     * Runs the command line on plain streams.
     *
     * @param args the command line
     * @param stdin the operator's input
     * @param out where the conversation is shown
     * @param err where errors go
     * @param prompts whether to show prompts, as at a terminal
     * @return the exit code
     */
    static int run(String[] args, Reader stdin, PrintWriter out, PrintWriter err, boolean prompts) {
        // No signal handlers: this JVM is not ours to stop.
        return run(args, prompt -> LineConsole.plain(stdin, out, prompts ? prompt : null), stop -> { }, out, err);
    }

    /**
     * Runs the command line.
     *
     * @param args the command line
     * @param consoles opens the operator's console, given its prompt
     * @param stopSignals installs what to do on SIGINT and SIGTERM
     * @param out where messages and help go
     * @param err where errors go
     * @return the exit code
     */
    static int run(String[] args, Function<String, LineConsole> consoles, Consumer<Runnable> stopSignals,
            PrintWriter out, PrintWriter err) {
        IFactory factory = new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ServeCommand.class) {
                    return type.cast(new ServeCommand(consoles, stopSignals));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new ChatCommand(), factory);
        return cmd.setOut(out)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setErr(err)
                .setExitCodeExceptionMapper(e -> e instanceof ParameterException
                        ? CommandLine.ExitCode.USAGE     // 2: the command line is wrong
                        : CommandLine.ExitCode.SOFTWARE) // 1: it failed at run time
                .setExecutionExceptionHandler((e, failed, parsed) -> {
                    String what = e instanceof ChatException ? e.getMessage() : "unexpected error: " + e;
                    failed.getErr().println("chat " + failed.getCommandName() + ": " + what);
                    failed.getErr().flush();
                    return failed.getExitCodeExceptionMapper().getExitCode(e);
                })
                .execute(args);
    }
}
