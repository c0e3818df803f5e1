package dev.linechat.cli.client;

import dev.linechat.ChatClient;
import dev.linechat.ChatServer;
import dev.linechat.CloseReason;
import dev.linechat.console.LineConsole;
import dev.linechat.pipeline.Framing;
import dev.linechat.pipeline.LineOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chat connect}: connects to a chat server and holds the lab's conversation on this console. */
@Command(name = "connect",
        mixinStandardHelpOptions = true,
        versionProvider = ChatCommand.Version.class,
        description = {
            "Connect to a chat server and chat: your lines are sent, the server's are shown.",
            "BYE or the end of input ends the conversation."
        })
final class ConnectCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-H", "--host"}, defaultValue = ChatServer.DEFAULT_HOST, paramLabel = "HOST",
            description = "Server to connect to (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = {"-p", "--port"}, defaultValue = "5000", paramLabel = "PORT",
            description = "Server's port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--framing", defaultValue = "line", paramLabel = "FRAMING",
            description = "line, or raw for servers that send unterminated messages (default: ${DEFAULT-VALUE}).")
    private Framing framing;

    @Option(names = "--max-line", defaultValue = "" + LineOptions.DEFAULT_MAX_LINE_LENGTH, paramLabel = "BYTES",
            description = "Longest line accepted from the server (default: ${DEFAULT-VALUE}).")
    private int maxLine;

    private final Function<String, LineConsole> consoles;
    private final Consumer<Runnable> stopSignals;

    ConnectCommand(Function<String, LineConsole> consoles, Consumer<Runnable> stopSignals) {
        this.consoles = consoles;
        this.stopSignals = stopSignals;
    }

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535, not " + port);
        }
        if (maxLine <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-line must be positive, not " + maxLine);
        }
        LineConsole console = consoles.apply("Client: ");
        ClientConsole conversation = new ClientConsole(console, spec.commandLine().getErr());
        try (ChatClient client = ChatClient.builder()
                .host(host)
                .port(port)
                .maxLineLength(maxLine)
                .framing(framing)
                .listener(conversation)
                .connect()) {
            console.show("Connected to the server.");
            stopSignals.accept(conversation::userLeft); // Ctrl-C or kill: leave as with BYE
            console.readLines(conversation::userSays, conversation::userLeft);
            CloseReason reason = client.closeFuture().get();
            return reason == CloseReason.FAILED ? 1 : 0;
        }
    }
}
