package dev.linechat.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar chat-bench.jar}: the load tool, the baseline servers, the comparison and JMH. */
@Command(name = "bench", description = "Measure chat against bare Netty and other baselines.",
        subcommands = {LoadCommand.class, BaselineCommand.class, CompareCommand.class, JmhCommand.class})
public final class Bench implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: load, baseline, compare or jmh");
    }

    /**
     * Runs the command line and exits with its code: 0 on success, 1 on a failed run, 2 on a usage error.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Builds the command line with its exit codes and error messages; tests set its streams. */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Bench());
        // Everything after "jmh" is JMH's, options included.
        cmd.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        return cmd
                .setExitCodeExceptionMapper(e -> e instanceof ParameterException
                        ? CommandLine.ExitCode.USAGE
                        : CommandLine.ExitCode.SOFTWARE)
                .setExecutionExceptionHandler((e, failed, parsed) -> {
                    String what = e instanceof LoadException ? e.getMessage() : "unexpected error: " + e;
                    failed.getErr().println("bench " + failed.getCommandName() + ": " + what);
                    return CommandLine.ExitCode.SOFTWARE;
                });
    }
}
