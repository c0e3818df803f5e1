package dev.linechat.cli.server;

import dev.linechat.ChatVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code chat} command as the server app knows it: it offers {@code serve}. */
@Command(name = "chat",
        mixinStandardHelpOptions = true,
        versionProvider = ChatCommand.Version.class,
        description = "A line-oriented chat over TCP.",
        subcommands = ServeCommand.class)
public final class ChatCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'chat serve'");
    }

    /** Reports the version recorded in chat-core at build time. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"chat " + ChatVersion.get()};
        }
    }
}
