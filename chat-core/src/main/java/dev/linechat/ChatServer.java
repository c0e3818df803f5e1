package dev.linechat;

import dev.linechat.internal.AddressFilterHandler;
import dev.linechat.internal.Addresses;
import dev.linechat.internal.Cidr;
import dev.linechat.internal.ConnectionLimitHandler;
import dev.linechat.internal.ConnectionLog;
import dev.linechat.internal.ConsoleMode;
import dev.linechat.internal.EchoHandler;
import dev.linechat.internal.LastWords;
import dev.linechat.internal.Listeners;
import dev.linechat.internal.OperatorDesk;
import dev.linechat.internal.Room;
import dev.linechat.internal.RoomHandler;
import dev.linechat.internal.TlsHandshakeHandler;
import dev.linechat.internal.Transports;
import dev.linechat.internal.Futures;
import dev.linechat.internal.IoFailures;
import dev.linechat.internal.ServerLimits;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.LineEncoder;
import dev.linechat.pipeline.Framing;
import dev.linechat.pipeline.LineOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A chat server: it listens on a TCP port and reports each client's lines to a {@link ChatListener}.
 *
 * <pre>{@code
 * try (ChatServer server = ChatServer.builder().port(0).listener(printer).start()) {
 *     System.out.println("listening on " + server.address());
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p>The server owns its I/O threads and releases them in {@link #close()}. All methods are safe to
 * call from any thread.
 */
public final class ChatServer implements AutoCloseable {

    /** The host a server listens on unless told otherwise: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port of the lab: 5000. */
    public static final int DEFAULT_PORT = 5000;
    /** The room that {@link Builder#cluster(String)} joins, as {@code chat serve --cluster} does. */
    public static final String CLUSTER_ROOM = "lobby";
    /** The last line every client receives when the server closes. */
    public static final String FAREWELL = "* server is shutting down";

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Transport transport;
    private final Channel listening;
    private final ChannelGroup connections;
    private final ConcurrentNavigableMap<Long, ChatSession> sessions;
    private final Duration closeTimeout;
    private final OperatorDesk desk;
    private final RoomBridge bridge;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private ChatServer(EventLoopGroup group, boolean ownsGroup, Transport transport, Channel listening,
            ChannelGroup connections, ConcurrentNavigableMap<Long, ChatSession> sessions, Duration closeTimeout,
            OperatorDesk desk, RoomBridge bridge) {
        this.bridge = bridge;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.transport = transport;
        this.listening = listening;
        this.connections = connections;
        this.sessions = sessions;
        this.closeTimeout = closeTimeout;
        this.desk = desk;
    }

    /**
     * Returns a builder with the defaults: {@value #DEFAULT_HOST}, port {@value #DEFAULT_PORT},
     * UTF-8 lines of at most {@value LineOptions#DEFAULT_MAX_LINE_LENGTH} bytes, no client limit, no
     * idle timeout, every address admitted, and the slow-client policy's defaults (see
     * {@link Builder#writeBufferWaterMarks} and {@link Builder#maxDroppedBytes}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the address the server is bound to, with the real port when port 0 was asked for.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return (InetSocketAddress) listening.localAddress();
    }

    /**
     * Returns the port the server is bound to.
     *
     * @return the bound port
     */
    public int port() {
        return address().getPort();
    }

    /**
     * Returns the transport the server runs on, {@link Transport#AUTO} resolved.
     *
     * @return {@link Transport#NIO}, {@link Transport#EPOLL} or {@link Transport#IO_URING}
     */
    public Transport transport() {
        return transport;
    }

    /**
     * Returns the open connections, oldest first.
     *
     * @return a snapshot of the sessions open now
     */
    public List<ChatSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /**
     * Handles a line from the server's operator, as the {@link ServerMode} says: in
     * {@link ServerMode#CONSOLE} it goes to every client, or to one with {@code @ID text}, and is
     * held for the next client while none is connected; in {@link ServerMode#ROOM} it goes to
     * everyone under the name {@code server} ({@code /who} shows the members instead); in
     * {@link ServerMode#ECHO} it goes to every client.
     *
     * @param line the operator's line, without line breaks
     */
    public void operatorSays(String line) {
        desk.operatorSays(line);
    }

    /**
     * Stops listening, tells every client {@value #FAREWELL}, closes each connection after its queued
     * lines have gone out, and releases the I/O threads (unless they were lent with
     * {@link Builder#eventLoopGroup}), waiting at most the close timeout for each step. Closing twice
     * is harmless. Called from one of the server's own I/O threads (in a listener), it starts the
     * shutdown and returns without waiting.
     */
    @Override
    public void close() {
        CompletableFuture<Void> closed = closeAsync();
        if (!Futures.inGroup(group)) {
            try {
                closed.get(2 * closeTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                // the threads are shutting down; nothing more to wait for
            }
        }
    }

    /**
     * Starts the shutdown that {@link #close()} performs and returns at once.
     *
     * @return completes once every connection is closed and the I/O threads are released; it never
     *     fails
     */
    public CompletableFuture<Void> closeAsync() {
        if (closing.compareAndSet(false, true)) {
            // Past the timeout, whoever has not drained is cut off; one by one, not connections.close():
            // its group future would listen on loops already gone.
            Future<?> cutOff = group.schedule(() -> connections.forEach(Channel::close),
                    closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            listening.close().addListener(unbound -> {
                // On each connection's own thread, so that nothing else goes out after the farewell.
                connections.forEach(ch -> ch.eventLoop().execute(() -> sayFarewell(ch)));
                connections.newCloseFuture().addListener(allClosed -> {
                    cutOff.cancel(false);
                    shutDownThreads();
                });
            });
        }
        return terminated.copy();
    }

    /**
     * Waits until the server has been closed, by {@link #close()} from another thread or a listener.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitClose() throws InterruptedException {
        try {
            terminated.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits at most the given time for the server to be closed.
     *
     * @param timeout how long to wait
     * @return {@code true} if the server is closed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitClose(Duration timeout) throws InterruptedException {
        try {
            terminated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public String toString() {
        return "ChatServer on " + Addresses.format(address());
    }

    /**
     * Sends the farewell, then half-closes: closing with unread input would make the kernel reset the
     * connection and lose the last words. The peer answers with its own close; the deadline set in
     * {@link #close()} cuts off a peer that does not.
     */
    private static void sayFarewell(Channel ch) {
        ChatSession session = SessionHandler.sessionOf(ch);
        if (session == null || !ch.isActive()) {
            ch.close();
            return;
        }
        session.markClosing(CloseReason.CLOSED_LOCALLY);
        // Past the slow-client policy: a client behind on its lines still gets the farewell after them.
        LastWords.write(ch, FAREWELL).addListener(written -> {
            if (ch instanceof SocketChannel socket && written.isSuccess()) {
                TlsHandshakeHandler.shutdownOutput(socket); // with TLS, close_notify goes after the farewell
            } else {
                ch.close();
            }
        });
    }

    private void shutDownThreads() {
        CompletableFuture<Void> bridgeClosed = closeBridge(bridge);
        if (ownsGroup) {
            group.shutdownGracefully(0, closeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .addListener(f -> bridgeClosed.whenComplete((v, e) -> terminated.complete(null)));
        } else {
            bridgeClosed.whenComplete((v, e) -> terminated.complete(null));
        }
    }

    /** Closes a bridge off the I/O threads: it may wait for its own connections to close. */
    private static CompletableFuture<Void> closeBridge(RoomBridge bridge) {
        return bridge == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(bridge::close);
    }

    /** Configures a {@link ChatServer}; {@link #start()} binds it. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private ChatListener listener = ChatListener.NONE;
        private LineOptions lines = LineOptions.DEFAULT;
        private int maxClients = Integer.MAX_VALUE;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private ServerMode mode = ServerMode.CONSOLE;
        private Consumer<String> operator = line -> { };
        private Tls tls;
        private final List<Cidr> allow = new ArrayList<>();
        private final List<Cidr> deny = new ArrayList<>();
        private Duration idleTimeout = Duration.ZERO;
        private int lowWaterMark = ServerLimits.DEFAULT_LOW_WATER_MARK;
        private int highWaterMark = ServerLimits.DEFAULT_HIGH_WATER_MARK;
        private long maxDroppedBytes = ServerLimits.DEFAULT_MAX_DROPPED_BYTES;
        private Transport transport = Transport.AUTO;
        private EventLoopGroup sharedGroup;
        private final Map<String, RoomCommand> commands = new LinkedHashMap<>();
        private boolean transcribeLines = true;
        private RoomBridge bridge;

        private Builder() {
        }

        /**
         * Makes the server speak TLS, with the given certificate and, if set, client certificates
         * required. A client is reported to the listener only once its handshake has succeeded; a
         * failed handshake is shown to the {@link #operator operator} as one line instead, such as
         * {@code TLS handshake with 127.0.0.1:40022 failed: the client does not speak TLS}.
         *
         * @param tls server settings, from {@link Tls#server} or {@link Tls#selfSigned}
         * @return this builder
         * @throws IllegalArgumentException if the settings are a client's
         */
        public Builder tls(Tls tls) {
            if (!tls.isServer()) {
                throw new IllegalArgumentException("a server needs server TLS settings (Tls.server or Tls.selfSigned)");
            }
            this.tls = tls;
            return this;
        }

        /**
         * Sets the host or IP address to listen on; {@code 0.0.0.0} or {@code ::} for every interface.
         *
         * @param host a host name or IP literal
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Sets the port to listen on; 0 picks a free one, which {@link ChatServer#port()} then tells.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the listener that receives every connection's events.
         *
         * @param listener the listener; it is called on I/O threads
         * @return this builder
         */
        public Builder listener(ChatListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the largest line accepted from a client; a longer one is discarded and the client told.
         *
         * @param bytes the limit in bytes, terminator excluded
         * @return this builder
         */
        public Builder maxLineLength(int bytes) {
            this.lines = lines.withMaxLineLength(bytes);
            return this;
        }

        /**
         * Sets how messages are delimited on the wire: {@link Framing#LINE} (the default) or
         * {@link Framing#RAW} for peers that send and receive unterminated chunks.
         *
         * @param framing the framing
         * @return this builder
         */
        public Builder framing(Framing framing) {
            this.lines = lines.withFraming(Objects.requireNonNull(framing, "framing"));
            return this;
        }

        /**
         * Sets the charset of the text on the wire (UTF-8 by default).
         *
         * @param charset the charset
         * @return this builder
         */
        public Builder charset(Charset charset) {
            this.lines = lines.withCharset(charset);
            return this;
        }

        /**
         * Sets what the server does with its clients' lines ({@link ServerMode#CONSOLE} by default).
         * The listener hears every connection's events in every mode.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(ServerMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets where the lines meant for the server's operator go: what clients say in
         * {@link ServerMode#CONSOLE}, the room's public lines in {@link ServerMode#ROOM}, arrivals
         * and departures in every mode. By default they are dropped. Called on I/O threads and on
         * the thread calling {@link ChatServer#operatorSays}: it must be thread-safe and quick.
         *
         * @param display receives each line, without terminator
         * @return this builder
         */
        public Builder operator(Consumer<String> display) {
            this.operator = Objects.requireNonNull(display, "display");
            return this;
        }

        /**
         * Sets how many clients may be connected at once; one more receives an {@code ERROR} line and
         * is closed.
         *
         * @param limit at least 1
         * @return this builder
         */
        public Builder maxClients(int limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("maxClients must be positive: " + limit);
            }
            this.maxClients = limit;
            return this;
        }

        /**
         * Sets how long a client may send nothing at all before it receives a notice and is closed;
         * each connection is timed on its own. Lines the server sends do not count: a client that
         * only listens is idle. Off by default.
         *
         * @param timeout a positive duration, or zero for no timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative: " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Admits clients from an address block; once any block is allowed, clients from elsewhere are
         * refused. May be called several times. A refused client receives one {@code ERROR} line and
         * is closed. {@link #deny} wins over this.
         *
         * @param cidr an IPv4 or IPv6 block such as {@code 10.0.0.0/8} or {@code fd00::/8}, or a
         *     single address
         * @return this builder
         * @throws IllegalArgumentException if the text is not an address block
         */
        public Builder allow(String cidr) {
            allow.add(Cidr.parse(cidr));
            return this;
        }

        /**
         * Refuses clients from an address block, even if {@link #allow} admits them. May be called
         * several times. A refused client receives one {@code ERROR} line and is closed.
         *
         * @param cidr an IPv4 or IPv6 block such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}, or
         *     a single address
         * @return this builder
         * @throws IllegalArgumentException if the text is not an address block
         */
        public Builder deny(String cidr) {
            deny.add(Cidr.parse(cidr));
            return this;
        }

        /**
         * Sets the slow-client policy's water marks. Once a client's backlog (bytes queued for it that
         * its socket has not taken) reaches {@code highBytes}, the lines for it are dropped, whole,
         * until the backlog is down to {@code lowBytes}; so the memory a client can hold is about
         * {@code highBytes} plus one line. Defaults: 32 KiB and 64 KiB.
         *
         * @param lowBytes the low-water mark, positive
         * @param highBytes the high-water mark, at least {@code lowBytes}
         * @return this builder
         */
        public Builder writeBufferWaterMarks(int lowBytes, int highBytes) {
            if (lowBytes <= 0 || highBytes < lowBytes) {
                throw new IllegalArgumentException("water marks must be 0 < low <= high: " + lowBytes + ", " + highBytes);
            }
            this.lowWaterMark = lowBytes;
            this.highWaterMark = highBytes;
            return this;
        }

        /**
         * Sets how many bytes of lines may be dropped for a client that does not read before it
         * receives an {@code ERROR} line and is disconnected (1 MiB by default). The count starts
         * afresh whenever the client catches up.
         *
         * @param bytes zero or more; zero disconnects at the first dropped line
         * @return this builder
         */
        public Builder maxDroppedBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxDroppedBytes must not be negative: " + bytes);
            }
            this.maxDroppedBytes = bytes;
            return this;
        }

        /**
         * Sets whether the {@link #operator operator} display receives every line members say in a
         * {@link ServerMode#ROOM room} (the default), or only arrivals, departures and notices: in a
         * busy room, printing every line would cost more than relaying it.
         *
         * @param everyLine {@code false} to leave the members' lines out
         * @return this builder
         */
        public Builder transcribeLines(boolean everyLine) {
            this.transcribeLines = everyLine;
            return this;
        }

        /**
         * Joins the {@link ServerMode#ROOM room} to the same room on other servers through a bridge,
         * such as the Redis one of the {@code chat-cluster} module. The server opens the bridge when
         * it starts and closes it when it closes.
         *
         * @param bridge the bridge
         * @return this builder
         */
        public Builder bridge(RoomBridge bridge) {
            this.bridge = Objects.requireNonNull(bridge, "bridge");
            return this;
        }

        /**
         * Joins the {@link ServerMode#ROOM room} to the room {@value ChatServer#CLUSTER_ROOM} of every server
         * that names the same cluster, as {@code chat serve --cluster URI} does. The bridge comes from
         * a {@link RoomBridge.Provider} for the URI's scheme: for {@code redis://} and
         * {@code rediss://}, put {@code dev.linechat:chat-cluster} on the class or module path.
         *
         * @param uri where the servers meet, such as {@code redis://127.0.0.1:6379}
         * @return this builder
         * @throws IllegalArgumentException if no provider knows the URI's scheme, or the URI is not
         *     usable; the message says which
         */
        public Builder cluster(String uri) {
            return cluster(uri, CLUSTER_ROOM);
        }

        /**
         * Joins the {@link ServerMode#ROOM room} to the room {@code room} of every server that names
         * the same cluster; see {@link #cluster(String)}.
         *
         * @param uri where the servers meet
         * @param room the room's name, the same on every server that forms it
         * @return this builder
         * @throws IllegalArgumentException if no provider knows the URI's scheme, or the URI is not usable
         */
        public Builder cluster(String uri, String room) {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(room, "room");
            int colon = uri.indexOf("://");
            String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
            for (RoomBridge.Provider provider : ServiceLoader.load(RoomBridge.Provider.class)) {
                if (provider.schemes().contains(scheme)) {
                    return bridge(provider.create(uri, room));
                }
            }
            throw new IllegalArgumentException(scheme.equals("redis") || scheme.equals("rediss")
                    ? "a " + scheme + ":// cluster needs dev.linechat:chat-cluster on the class path"
                    : "no cluster is reached through \"" + (colon < 0 ? uri : scheme + "://") + "\"; try redis://host:port");
        }

        /**
         * Adds a command of the application's own to a {@link ServerMode#ROOM room}: a member who
         * types {@code /name argument} reaches it, and {@code /help} lists it.
         *
         * @param name the command's name without the slash: a lower-case letter, then at most 31
         *     lower-case letters, digits, {@code -} or {@code _}
         * @param command what it does
         * @return this builder
         * @throws IllegalArgumentException if the name is malformed, already added, or one of the
         *     built-in commands ({@code nick}, {@code who}, {@code msg}, {@code help})
         */
        public Builder command(String name, RoomCommand command) {
            Objects.requireNonNull(command, "command");
            if (!name.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw new IllegalArgumentException("a command name is a lower-case letter and at most 31 more"
                        + " letters, digits, - or _: " + name);
            }
            if (Room.BUILT_IN_COMMANDS.contains(name) || commands.containsKey(name)) {
                throw new IllegalArgumentException("the room already has a /" + name + " command");
            }
            commands.put(name, command);
            return this;
        }

        /**
         * Chooses the I/O transport; {@link Transport#AUTO} (the default) takes epoll where Netty's
         * native library loads, NIO otherwise.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Runs the server on threads the application already has, for example shared by several
         * servers and clients, instead of threads of its own. The server then leaves the group
         * running when it closes; shutting it down is the application's job. The group's transport
         * ({@link Transport#NIO}, {@link Transport#EPOLL} or {@link Transport#IO_URING}) is the
         * server's; {@link #transport} may only name the same one.
         *
         * <pre>{@code
         * EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
         * ChatServer a = ChatServer.builder().port(0).eventLoopGroup(group).start();
         * ChatServer b = ChatServer.builder().port(0).eventLoopGroup(group).start();
         * }</pre>
         *
         * @param group a Netty event loop group
         * @return this builder
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.sharedGroup = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * Sets how long {@link ChatServer#close()} lets queued lines drain before it closes
         * connections forcibly (5 seconds by default); also how long a client closed for a limit
         * gets to read its notice.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("closeTimeout must be positive: " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Binds the server and returns once it is listening.
         *
         * @return the running server
         * @throws ChatException if the address cannot be resolved or bound (for example, port in use),
         *     the transport is not available, or the TLS key or certificates cannot be used
         * @throws IllegalArgumentException if {@link ServerMode#ROOM} is asked for with
         *     {@link Framing#RAW} (a room relays whole lines), or room commands without room mode
         * @throws IllegalStateException if called on a thread of the {@link #eventLoopGroup} it would
         *     need; use {@link #startAsync()} there
         */
        public ChatServer start() {
            if (sharedGroup != null && Futures.inGroup(sharedGroup)) {
                // It would wait for work queued behind itself.
                throw new IllegalStateException("start() cannot wait on a thread of its own event loop group; use startAsync()");
            }
            return Futures.await(startAsync());
        }

        /**
         * Binds the server without waiting.
         *
         * @return completes with the running server once it is listening, or fails with a
         *     {@link ChatException} saying why it could not start (see {@link #start()})
         * @throws IllegalArgumentException if the settings contradict each other (see {@link #start()})
         */
        public CompletableFuture<ChatServer> startAsync() {
            InetSocketAddress address = new InetSocketAddress(host, port);
            String where = host + ":" + port;
            if (address.isUnresolved()) {
                return CompletableFuture.failedFuture(new ChatException("cannot listen on " + where + ": unknown host", null));
            }
            if (mode == ServerMode.ROOM && lines.framing() != Framing.LINE) {
                // A room prefixes and relays whole lines; raw chunks have no line boundaries to keep.
                throw new IllegalArgumentException("room mode needs line framing");
            }
            if (mode != ServerMode.ROOM && !commands.isEmpty()) {
                throw new IllegalArgumentException("commands need room mode");
            }
            if (mode != ServerMode.ROOM && bridge != null) {
                throw new IllegalArgumentException("a bridge needs room mode");
            }
            Transport resolved = Transports.choose(transport, sharedGroup);
            SslContext sslContext;
            try {
                Transports.require(resolved);
                sslContext = tls == null ? null : TlsContexts.forServer(tls);
            } catch (ChatException e) {
                return CompletableFuture.failedFuture(e);
            }
            Consumer<String> display = operator;
            boolean ownsGroup = sharedGroup == null;
            EventLoopGroup group = ownsGroup ? Transports.newGroup(resolved, 0, "chat-server") : sharedGroup;
            ConcurrentNavigableMap<Long, ChatSession> sessions = new ConcurrentSkipListMap<>();
            ChannelGroup connections = new DefaultChannelGroup("chat-connections", group.next());
            LineOptions lineOptions = lines;
            ChatListener modeListener;
            OperatorDesk desk;
            Supplier<ChannelHandler> modeHandler;
            switch (mode) {
                case ROOM -> {
                    Room room = new Room(LineEncoder.of(lineOptions), ByteBufAllocator.DEFAULT, operator, commands, transcribeLines, bridge);
                    if (bridge != null) {
                        bridge.open(room.local());
                    }
                    modeListener = ChatListener.NONE;
                    desk = room;
                    RoomHandler handler = new RoomHandler(room);
                    modeHandler = () -> handler;
                }
                case ECHO -> {
                    ConnectionLog log = new ConnectionLog(operator, sessions);
                    modeListener = log;
                    desk = log;
                    modeHandler = EchoHandler::new;
                }
                default -> {
                    ConsoleMode console = new ConsoleMode(operator, sessions);
                    modeListener = console;
                    desk = console;
                    modeHandler = null;
                }
            }
            SessionHandler sessionHandler = new SessionHandler(Listeners.inOrder(modeListener, listener), sessions, modeHandler != null);
            // Where no listener reads the lines as text, an echo server sends them back and a room relays
            // them as the bytes they came in; only a room's commands are decoded.
            boolean undecoded = (mode == ServerMode.ECHO || mode == ServerMode.ROOM) && !Listeners.wantsLines(listener)
                    && lineOptions.framing() == Framing.LINE && StandardCharsets.UTF_8.equals(lineOptions.charset());
            ConnectionLimitHandler limiter = maxClients == Integer.MAX_VALUE ? null : new ConnectionLimitHandler(maxClients);
            ServerLimits limits = new ServerLimits(allow, deny, idleTimeout, lowWaterMark, highWaterMark,
                    maxDroppedBytes, closeTimeout);
            AddressFilterHandler filter = limits.addressFilter();
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(Transports.serverChannel(resolved))
                    // Restarting at once must work even while old connections linger in TIME_WAIT.
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // A client that half-closes after its last line still gets the answers.
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            ChatPipelines.server(ch.pipeline(), lineOptions, sessionHandler);
                            if (limiter != null) {
                                ch.pipeline().addAfter(ChatPipelines.LINE_ENCODER, "chat-connection-limit", limiter);
                            }
                            limits.install(ch, filter); // after the limiter: the filter goes before it
                            if (modeHandler != null) {
                                ch.pipeline().addLast("chat-mode", modeHandler.get());
                            }
                            if (undecoded) {
                                ch.pipeline().remove(ChatPipelines.STRING_DECODER);
                            }
                            if (sslContext != null) {
                                TlsHandshakeHandler.install(ch.pipeline(), sslContext.newHandler(ch.alloc()), false, true, display);
                            }
                        }
                    });
            CompletableFuture<ChatServer> started = new CompletableFuture<>();
            RoomBridge roomBridge = bridge;
            Duration drain = closeTimeout;
            bootstrap.bind(address).addListener((ChannelFuture bound) -> {
                if (bound.isSuccess()) {
                    started.complete(new ChatServer(group, ownsGroup, resolved, bound.channel(), connections, sessions,
                            drain, desk, roomBridge));
                    return;
                }
                closeBridge(roomBridge);
                ChatException failure = new ChatException("cannot listen on " + where + ": "
                        + IoFailures.describe(bound.cause()), bound.cause());
                if (ownsGroup) {
                    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
                            .addListener(f -> started.completeExceptionally(failure));
                } else {
                    started.completeExceptionally(failure);
                }
            });
            return started;
        }
    }
}
