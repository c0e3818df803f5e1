package dev.linechat.cli.server;

import dev.linechat.ChatServer;
import dev.linechat.console.LineConsole;
import dev.linechat.internal.Addresses;
import dev.linechat.pipeline.LineOptions;
import java.io.Reader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chat serve}: waits for a client and holds the lab's conversation on this console. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = ChatCommand.Version.class,
        description = {
            "Listen for a client and chat with it: its lines are shown, yours are sent.",
            "One conversation at a time; BYE from either side ends it."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-H", "--host"}, defaultValue = ChatServer.DEFAULT_HOST, paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = {"-p", "--port"}, defaultValue = "5000", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--once", description = "Exit after the first conversation, as the lab's server does.")
    private boolean once;

    @Option(names = "--max-line", defaultValue = "" + LineOptions.DEFAULT_MAX_LINE_LENGTH, paramLabel = "BYTES",
            description = "Longest line accepted from a client (default: ${DEFAULT-VALUE}).")
    private int maxLine;

    private final Reader stdin;
    private final boolean interactive;

    ServeCommand(Reader stdin, boolean interactive) {
        this.stdin = stdin;
        this.interactive = interactive;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
        if (maxLine <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-line must be positive, not " + maxLine);
        }
        LineConsole console = new LineConsole(spec.commandLine().getOut(), interactive ? "Server: " : null);
        ServerConsole conversation = new ServerConsole(console, spec.commandLine().getErr(), once, interactive);
        try (ChatServer server = ChatServer.builder()
                .host(host)
                .port(port)
                .maxLineLength(maxLine)
                .maxClients(1)
                .listener(conversation)
                .start()) {
            console.show("Server started on " + Addresses.format(server.address()) + ". Waiting for a client...");
            Thread shutdown = new Thread(server::close, "chat-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            console.readLines(stdin, conversation::operatorSays, conversation::operatorLeft);
            try {
                conversation.awaitEnd();
            } finally {
                removeHook(shutdown);
            }
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: the server is being closed either way
        }
    }
}
