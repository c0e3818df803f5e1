package dev.linechat.cli.server;

import dev.linechat.ChatListener;
import dev.linechat.ChatServer;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import dev.linechat.RoomBridge;
import dev.linechat.ServerMode;
import dev.linechat.Tls;
import dev.linechat.Transport;
import dev.linechat.cluster.RedisRoomBridge;
import dev.linechat.cluster.RedisUri;
import dev.linechat.console.LineConsole;
import dev.linechat.internal.Addresses;
import dev.linechat.internal.Durations;
import dev.linechat.pipeline.ByeHandler;
import dev.linechat.pipeline.Framing;
import dev.linechat.pipeline.LineOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code chat serve}: listens for clients and wires the chosen server mode to this console. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = ChatCommand.Version.class,
        description = {
            "Listen for clients and chat with them on this console.",
            "Modes: console (the lab's conversation; @ID text answers one client), room (a relay",
            "with /nick, /who, /msg, /help), echo (every line comes back). BYE ends a conversation."
        })
final class ServeCommand implements Callable<Integer> {

    /** How long the server gives its clients' last lines to drain when it stops. */
    private static final Duration DRAIN = Duration.ofSeconds(1);
    /** The name of the room that clustered servers share. */
    private static final String CLUSTER_ROOM = ChatServer.CLUSTER_ROOM;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-H", "--host"}, defaultValue = ChatServer.DEFAULT_HOST, paramLabel = "HOST",
            description = "Address to listen on, e.g. 0.0.0.0 or :: for all (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = {"-p", "--port"}, defaultValue = "5000", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = {"-m", "--mode"}, defaultValue = "console", paramLabel = "MODE",
            description = "console, room or echo (default: ${DEFAULT-VALUE}).")
    private ServerMode mode;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "TRANSPORT",
            description = "auto, nio, epoll or io_uring (default: ${DEFAULT-VALUE}: epoll where it loads, else nio).")
    private Transport transport;

    @Option(names = "--cluster", paramLabel = "URI",
            description = "With --mode room: form one room with every server that names the same Redis,"
                    + " e.g. redis://127.0.0.1:6379 (rediss:// for TLS, redis://:password@host:port/db).")
    private String cluster;

    @Option(names = "--show-lines",
            description = "In room mode, print every line the members say; by default the console shows arrivals,"
                    + " departures and notices only, so that printing never slows the room down.")
    private boolean showLines;

    @Option(names = "--framing", defaultValue = "line", paramLabel = "FRAMING",
            description = "line, or raw for peers that send unterminated messages (default: ${DEFAULT-VALUE}).")
    private Framing framing;

    @Option(names = "--once", description = "Serve a single client, then exit, as the lab's server does.")
    private boolean once;

    @Option(names = "--max-line", defaultValue = "" + LineOptions.DEFAULT_MAX_LINE_LENGTH, paramLabel = "BYTES",
            description = "Longest line accepted from a client (default: ${DEFAULT-VALUE}).")
    private int maxLine;

    @Option(names = "--tls", description = "Speak TLS, presenting the certificate in --cert with the key in --key.")
    private boolean tls;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM certificate chain, server's own first (with --tls).")
    private Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert, unencrypted (with --tls).")
    private Path key;

    @Option(names = "--tls-self-signed",
            description = "Speak TLS with a certificate made at start-up; prints its SHA-256 fingerprint.")
    private boolean tlsSelfSigned;

    @Option(names = "--client-ca", paramLabel = "FILE",
            description = "Require client certificates issued by the PEM certificates in FILE (mutual TLS).")
    private Path clientCa;
    @Option(names = "--max-clients", paramLabel = "N",
            description = "Most clients connected at once; one more is told the server is full (default: no limit).")
    private Integer maxClients;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a client that sends nothing for this long, e.g. 30s, 5m, 1h (default: off).")
    private Duration idleTimeout;

    @Option(names = "--allow", paramLabel = "CIDR",
            description = "Admit only clients from these address blocks, e.g. 10.0.0.0/8 or ::1 (repeatable).")
    private List<String> allow = new ArrayList<>();

    @Option(names = "--deny", paramLabel = "CIDR",
            description = "Refuse clients from these address blocks, even if allowed (repeatable).")
    private List<String> deny = new ArrayList<>();

    private final Function<String, LineConsole> consoles;
    private final Consumer<Runnable> stopSignals;

    ServeCommand(Function<String, LineConsole> consoles, Consumer<Runnable> stopSignals) {
        this.consoles = consoles;
        this.stopSignals = stopSignals;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
        if (maxLine <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-line must be positive, not " + maxLine);
        }
        if (maxClients != null && maxClients <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-clients must be positive, not " + maxClients);
        }
        if (maxClients != null && once) {
            throw new ParameterException(spec.commandLine(), "--once serves one client: leave out --max-clients");
        }
        if (mode == ServerMode.ROOM && framing == Framing.RAW) {
            throw new ParameterException(spec.commandLine(), "--mode room needs --framing line: a room relays whole lines");
        }
        RoomBridge bridge = null;
        if (cluster != null) {
            if (mode != ServerMode.ROOM) {
                throw new ParameterException(spec.commandLine(), "--cluster needs --mode room");
            }
            try {
                bridge = RedisRoomBridge.to(cluster, CLUSTER_ROOM);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--cluster: " + e.getMessage());
            }
        }
        Tls tlsSettings = tlsSettings();
        LineConsole console = consoles.apply("Server: ");
        CountDownLatch stop = new CountDownLatch(1);
        ChatServer.Builder builder = ChatServer.builder()
                .transport(transport)
                .transcribeLines(showLines)
                .host(host)
                .port(port)
                .mode(mode)
                .framing(framing)
                .maxLineLength(maxLine)
                .closeTimeout(DRAIN)
                .operator(console::show)
                .listener(new Lifecycle(console, stop));
        if (once) {
            builder.maxClients(1);
        }
        if (tlsSettings != null) {
            builder.tls(tlsSettings);
        }
        if (maxClients != null) {
            builder.maxClients(maxClients);
        }
        if (idleTimeout != null) {
            builder.idleTimeout(idleTimeout);
        }
        addressBlocks("--allow", allow, builder::allow);
        addressBlocks("--deny", deny, builder::deny);
        if (bridge != null) {
            builder.bridge(bridge); // opened by start(), closed with the server
        }
        try (ChatServer server = builder.start()) {
            stopSignals.accept(stop::countDown); // before the start line, which tells scripts we are up
            if (tlsSelfSigned) {
                console.show("TLS certificate SHA-256 fingerprint: " + tlsSettings.fingerprint());
            }
            console.show("Server started on " + Addresses.format(server.address()) + "."
                    + (mode == ServerMode.CONSOLE ? " Waiting for a client..."
                            : " Mode: " + modeName() + ". Transport: " + server.transport() + "."));
            if (bridge != null) {
                console.show("Cluster: room " + CLUSTER_ROOM + " through " + RedisUri.parse(cluster) + ", as server "
                        + bridge.serverId() + ".");
            }
            // The end of the operator's input leaves the server running, without an operator.
            console.readLines(line -> {
                server.operatorSays(line);
                return !(once && ByeHandler.isBye(line));
            }, () -> { });
            stop.await();
        }
        return 0;
    }

    /**
     * Checks the TLS flags, then reads their files.
     *
     * @return the settings, or {@code null} without TLS
     * @throws ParameterException if the flags do not fit together
     */
    private Tls tlsSettings() {
        boolean files = cert != null || key != null;
        if (tlsSelfSigned && files) {
            throw new ParameterException(spec.commandLine(), "--tls-self-signed makes its own certificate: drop --cert and --key");
        }
        if (tls && !tlsSelfSigned && (cert == null || key == null)) {
            throw new ParameterException(spec.commandLine(), "--tls needs --cert FILE and --key FILE (or use --tls-self-signed)");
        }
        if (files && !tls) {
            throw new ParameterException(spec.commandLine(), "--cert and --key need --tls");
        }
        if (clientCa != null && !tls && !tlsSelfSigned) {
            throw new ParameterException(spec.commandLine(), "--client-ca needs --tls or --tls-self-signed");
        }
        if (!tls && !tlsSelfSigned) {
            return null;
        }
        // A wildcard address is no name a client connects to; local use is what a self-signed certificate is for.
        String name = "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
        Tls settings = tlsSelfSigned ? Tls.selfSigned(name) : Tls.server(cert, key);
        return clientCa == null ? settings : settings.clientAuth(clientCa);
    }

    /** Hands each block to the builder; one that is not a block is a usage error that names it. */
    private void addressBlocks(String option, List<String> blocks, Consumer<String> add) {
        for (String block : blocks) {
            try {
                add.accept(block);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
            }
        }
    }

    /** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; picocli turns a failure into a usage error. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private String modeName() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Ends the command after the only conversation with {@code --once}, or says that the server waits. */
    private final class Lifecycle implements ChatListener {
        private final LineConsole console;
        private final CountDownLatch stop;
        private final AtomicInteger connected = new AtomicInteger();

        Lifecycle(LineConsole console, CountDownLatch stop) {
            this.console = console;
            this.stop = stop;
        }

        @Override
        public void onConnected(ChatSession session) {
            connected.incrementAndGet();
        }

        @Override
        public void onClosed(ChatSession session, CloseReason reason) {
            boolean nobodyLeft = connected.decrementAndGet() == 0;
            if (once) {
                stop.countDown();
            } else if (nobodyLeft && mode == ServerMode.CONSOLE && stop.getCount() > 0) {
                console.show("Waiting for a client...");
            }
        }
    }
}
