package dev.linechat.cli.client;

import dev.linechat.ChatClient;
import dev.linechat.ChatServer;
import dev.linechat.CloseReason;
import dev.linechat.Tls;
import dev.linechat.console.LineConsole;
import dev.linechat.pipeline.Framing;
import dev.linechat.pipeline.LineOptions;
import java.nio.file.Path;
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

    @Option(names = "--tls", description = "Speak TLS, checking the server's certificate and host name (system CAs).")
    private boolean tls;

    @Option(names = "--trust", paramLabel = "FILE",
            description = "Trust the PEM certificates in FILE instead of the system's CAs (with --tls).")
    private Path trust;

    @Option(names = "--insecure", description = "Accept any server certificate: encrypted, but unverified (with --tls).")
    private boolean insecure;

    @Option(names = "--pin", paramLabel = "SHA256",
            description = "Accept only the server certificate with this SHA-256 fingerprint, as `chat serve"
                    + " --tls-self-signed` prints it (with --tls).")
    private String pin;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "PEM certificate to present to servers that require one (with --tls and --key).")
    private Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert, unencrypted.")
    private Path key;

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
        Tls tlsSettings = tlsSettings();
        LineConsole console = consoles.apply("Client: ");
        ClientConsole conversation = new ClientConsole(console, spec.commandLine().getErr());
        ChatClient.Builder builder = ChatClient.builder()
                .host(host)
                .port(port)
                .maxLineLength(maxLine)
                .framing(framing)
                .listener(conversation);
        if (tlsSettings != null) {
            builder.tls(tlsSettings);
        }
        try (ChatClient client = builder.connect()) {
            // Before the line that tells scripts we are connected: a signal right after it must say BYE.
            stopSignals.accept(conversation::userLeft); // Ctrl-C or kill: leave as with BYE
            if (insecure) {
                spec.commandLine().getErr().println("chat connect: warning: --insecure: the server's certificate was not"
                        + " verified; its SHA-256 fingerprint is " + client.serverFingerprint().orElse("unknown"));
                spec.commandLine().getErr().flush();
            }
            console.show("Connected to the server.");
            console.readLines(conversation::userSays, conversation::userLeft);
            CloseReason reason = client.closeFuture().get();
            return reason == CloseReason.FAILED ? 1 : 0;
        }
    }

    /**
     * Checks the TLS flags, then reads their files.
     *
     * @return the settings, or {@code null} without TLS
     * @throws ParameterException if the flags do not fit together
     */
    private Tls tlsSettings() {
        if (!tls) {
            String stray = trust != null ? "--trust" : insecure ? "--insecure" : pin != null ? "--pin"
                    : cert != null ? "--cert" : key != null ? "--key" : null;
            if (stray != null) {
                throw new ParameterException(spec.commandLine(), stray + " needs --tls");
            }
            return null;
        }
        if ((trust != null ? 1 : 0) + (insecure ? 1 : 0) + (pin != null ? 1 : 0) > 1) {
            throw new ParameterException(spec.commandLine(), "--trust, --pin and --insecure exclude each other");
        }
        if ((cert == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(), "--cert and --key go together");
        }
        Tls settings;
        try {
            settings = insecure ? Tls.client().insecure() : trust != null ? Tls.client().trust(trust)
                    : pin != null ? Tls.client().pin(pin) : Tls.client();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--pin: " + e.getMessage());
        }
        return cert == null ? settings : settings.identity(cert, key);
    }
}
