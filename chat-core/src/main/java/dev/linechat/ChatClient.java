package dev.linechat;

import dev.linechat.internal.TlsFailures;
import dev.linechat.internal.Futures;
import dev.linechat.internal.IdleTimeoutHandler;
import dev.linechat.internal.IoFailures;
import dev.linechat.internal.TlsHandshakeHandler;
import dev.linechat.internal.Transports;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.Framing;
import dev.linechat.pipeline.LineOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat client: one connection to a chat server, whose lines are reported to a
 * {@link ChatListener}.
 *
 * <pre>{@code
 * try (ChatClient client = ChatClient.builder().port(5000).listener(printer).connect()) {
 *     client.send("Hello? Are you there?");
 *     client.send("BYE");
 *     client.closeFuture().get();
 * }
 * }</pre>
 *
 * <p>The client owns its I/O thread and releases it in {@link #close()}. All methods are safe to
 * call from any thread.
 */
public final class ChatClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ChatSession session;
    private final Duration closeTimeout;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private ChatClient(EventLoopGroup group, boolean ownsGroup, ChatSession session, Duration closeTimeout) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.session = session;
        this.closeTimeout = closeTimeout;
    }

    /**
     * Returns a builder with the defaults: {@value ChatServer#DEFAULT_HOST}, port
     * {@value ChatServer#DEFAULT_PORT}, UTF-8 lines of at most
     * {@value LineOptions#DEFAULT_MAX_LINE_LENGTH} bytes, a 10-second connect timeout.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the connection to the server.
     *
     * @return the session, the same one the listener receives
     */
    public ChatSession session() {
        return session;
    }

    /**
     * Sends one line to the server; see {@link ChatSession#send(String)}.
     *
     * @param line the text, without line breaks; may be empty
     * @return completes when the line has been written to the socket
     */
    public CompletableFuture<Void> send(String line) {
        return session.send(line);
    }

    /**
     * Tells whether the connection is still open.
     *
     * @return {@code true} until the connection has closed
     */
    public boolean isOpen() {
        return session.isOpen();
    }

    /**
     * Returns a future that completes, with the reason, once the conversation has ended.
     *
     * @return the close future; it never fails
     */
    public CompletableFuture<CloseReason> closeFuture() {
        return session.closeFuture();
    }

    /**
     * Returns the SHA-256 fingerprint of the certificate the server presented, in the form
     * {@link Tls#fingerprint()} gives on the server's side, so that a user who connected with
     * {@link Tls#insecure()} can compare them.
     *
     * @return the fingerprint while a TLS connection is open; empty without TLS or once closed
     */
    public Optional<String> serverFingerprint() {
        return TlsHandshakeHandler.peerFingerprint(session.channel());
    }

    /**
     * Closes the connection after the lines already sent have gone out, and releases the I/O thread
     * (unless it was lent with {@link Builder#eventLoopGroup}), waiting at most the close timeout.
     * Closing twice is harmless. Called from an I/O thread (in a listener), it starts the shutdown
     * and returns without waiting.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync();
        if (Futures.inGroup(group)) {
            return;
        }
        try {
            done.get(2 * closeTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the thread is shutting down; nothing more to wait for
        }
    }

    /**
     * Starts the shutdown that {@link #close()} performs and returns at once.
     *
     * @return completes once the connection is closed and the I/O thread released; it never fails
     */
    public CompletableFuture<Void> closeAsync() {
        if (closing.compareAndSet(false, true)) {
            Channel channel = session.channel();
            Future<?> cutOff = null;
            if (channel.isOpen()) {
                // Lines that would not drain in time are given up.
                cutOff = channel.eventLoop().schedule(() -> channel.close(), closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            Future<?> deadline = cutOff;
            session.close().whenComplete((reason, e) -> {
                if (deadline != null) {
                    deadline.cancel(false);
                }
                if (ownsGroup) {
                    group.shutdownGracefully(0, closeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                            .addListener(f -> terminated.complete(null));
                } else {
                    terminated.complete(null);
                }
            });
        }
        return terminated.copy();
    }

    /** Configures a {@link ChatClient}; {@link #connect()} opens the connection. Not thread-safe. */
    public static final class Builder {
        private String host = ChatServer.DEFAULT_HOST;
        private int port = ChatServer.DEFAULT_PORT;
        private ChatListener listener = ChatListener.NONE;
        private LineOptions lines = LineOptions.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Tls tls;
        private Transport transport = Transport.AUTO;
        private EventLoopGroup sharedGroup;
        private Duration idleTimeout = Duration.ZERO;

        private Builder() {
        }

        /**
         * Makes the client speak TLS. {@link #connect()} then returns only once the handshake has
         * succeeded, and throws a {@link ChatException} that says why if it fails. The handshake
         * counts against the connect timeout. With TLS 1.3 the server checks a client certificate
         * only after the client's side of the handshake, so the client also waits for the server's
         * first record after it, at most 2 seconds, before it counts itself connected.
         *
         * @param tls client settings, from {@link Tls#client()}
         * @return this builder
         * @throws IllegalArgumentException if the settings are a server's
         */
        public Builder tls(Tls tls) {
            if (tls.isServer()) {
                throw new IllegalArgumentException("a client needs client TLS settings (Tls.client)");
            }
            this.tls = tls;
            return this;
        }

        /**
         * Sets the server's host name or IP address.
         *
         * @param host a host name or IP literal
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Sets the server's port.
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the listener that receives the connection's events.
         *
         * @param listener the listener; it is called on the client's I/O thread
         * @return this builder
         */
        public Builder listener(ChatListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the largest line accepted from the server; a longer one is discarded whole, the server
         * receives one {@code ERROR} line naming the limit, and {@link ChatListener#onLineTooLong} is
         * told. The next line arrives intact.
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
         * Sets how long {@link #connect()} may take (10 seconds by default).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Hangs up on a server that has sent nothing, not even part of a line, for this long; the
         * listener then hears {@link ChatListener#onClosed} with {@link CloseReason#CLOSED_LOCALLY}.
         * Lines this client sends do not count. Off (zero) by default.
         *
         * @param timeout how long the server may stay silent; zero turns the timeout off
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
         * Runs the client on threads the application already has, so that many clients (or clients
         * and servers) share a few threads instead of one each. The client leaves the group running
         * when it closes; shutting it down is the application's job. The group's transport is the
         * client's; {@link #transport} may only name the same one.
         *
         * @param group a Netty event loop group, for example
         *     {@code new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory())}
         * @return this builder
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.sharedGroup = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * Sets how long {@link ChatClient#close()} lets queued lines drain (5 seconds by default).
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
         * Connects to the server and returns once the connection is established and the listener's
         * {@link ChatListener#onConnected} has returned.
         *
         * @return the connected client
         * @throws ChatException if the host is unknown, the connection is refused or it times out,
         *     the TLS handshake fails, or the transport is not available
         * @throws IllegalStateException if called on a thread of the {@link #eventLoopGroup} it would
         *     need; use {@link #connectAsync()} there
         */
        public ChatClient connect() {
            if (sharedGroup != null && Futures.inGroup(sharedGroup)) {
                // It would wait for work queued behind itself.
                throw new IllegalStateException("connect() cannot wait on a thread of its own event loop group; use connectAsync()");
            }
            return Futures.await(connectAsync());
        }

        /**
         * Connects to the server without waiting.
         *
         * @return completes with the connected client once the listener's
         *     {@link ChatListener#onConnected} has returned, or fails with a {@link ChatException}
         *     saying why it could not connect (see {@link #connect()})
         * @throws IllegalArgumentException if {@link #transport} contradicts {@link #eventLoopGroup}
         */
        public CompletableFuture<ChatClient> connectAsync() {
            InetSocketAddress address = new InetSocketAddress(host, port);
            String where = host + ":" + port;
            if (address.isUnresolved()) {
                return CompletableFuture.failedFuture(new ChatException("cannot connect to " + where + ": unknown host", null));
            }
            Transport resolved = Transports.choose(transport, sharedGroup);
            SslContext sslContext;
            try {
                Transports.require(resolved);
                sslContext = tls == null ? null : TlsContexts.forClient(tls);
            } catch (ChatException e) {
                return CompletableFuture.failedFuture(e);
            }
            boolean presents = tls != null && tls.identity() != null;
            CompletableFuture<Void> tlsOpened = new CompletableFuture<>();
            String peerHost = host;
            int peerPort = port;
            long handshakeMillis = connectTimeout.toMillis();
            boolean ownsGroup = sharedGroup == null;
            EventLoopGroup group = ownsGroup ? Transports.newGroup(resolved, 1, "chat-client") : sharedGroup;
            SessionHandler sessionHandler = new SessionHandler(listener, new ConcurrentHashMap<>(), false);
            LineOptions lineOptions = lines;
            Duration drain = closeTimeout;
            Duration idle = idleTimeout;
            Attempt attempt = new Attempt(group, ownsGroup, where);
            new Bootstrap()
                    .group(group)
                    .channel(Transports.socketChannel(resolved))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ChatPipelines.client(ch.pipeline(), lineOptions, sessionHandler);
                            if (!idle.isZero()) {
                                ch.pipeline().addBefore(ChatPipelines.FRAME_DECODER, IdleTimeoutHandler.NAME,
                                        new IdleTimeoutHandler(idle, drain, false));
                            }
                            if (sslContext != null) {
                                // The peer's name, for SNI and for checking the certificate against it.
                                SslHandler ssl = sslContext.newHandler(ch.alloc(), peerHost, peerPort);
                                ssl.setHandshakeTimeoutMillis(handshakeMillis);
                                TlsHandshakeHandler.install(ch.pipeline(), ssl, true, presents, failure -> { })
                                        .whenComplete((ok, failure) -> {
                                            if (failure == null) {
                                                tlsOpened.complete(null);
                                            } else {
                                                tlsOpened.completeExceptionally(failure);
                                            }
                                        });
                            }
                        }
                    })
                    .register()
                    .addListener((ChannelFuture registered) -> {
                        if (!registered.isSuccess()) {
                            attempt.fail(registered.channel(), IoFailures.describe(registered.cause()), registered.cause());
                            return;
                        }
                        Channel channel = registered.channel();
                        sessionHandler.attach(channel); // before connecting, so channelActive finds it
                        channel.connect(address).addListener((ChannelFuture connected) -> {
                            if (!connected.isSuccess()) {
                                attempt.fail(channel, IoFailures.describe(connected.cause()), connected.cause());
                            } else if (sslContext == null) {
                                attempt.awaitListener(channel, drain);
                            } else {
                                // The SSL handler fails the handshake after the connect timeout, and the
                                // handshake handler bounds the wait for a TLS 1.3 server's verdict; this
                                // margin only guards against a hang.
                                tlsOpened.orTimeout(connectTimeout.plus(TlsHandshakeHandler.VERDICT_WAIT).toMillis() + 1000,
                                        TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
                                            if (failure == null) {
                                                attempt.awaitListener(channel, drain);
                                            } else {
                                                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                                                attempt.fail(channel, "TLS handshake failed: "
                                                        + TlsFailures.describe(cause, true, presents), cause);
                                            }
                                        });
                            }
                        });
                    });
            return attempt.result;
        }

        /** One connection attempt, on its way to a connected client or a failure that says why. */
        private final class Attempt {
            final CompletableFuture<ChatClient> result = new CompletableFuture<>();
            private final EventLoopGroup group;
            private final boolean ownsGroup;
            private final String where;

            Attempt(EventLoopGroup group, boolean ownsGroup, String where) {
                this.group = group;
                this.ownsGroup = ownsGroup;
                this.where = where;
            }

            /**
             * Netty completes the connect before the pipeline hears of it: the client is handed over
             * only once the listener has been told, so that what the caller does next never overtakes
             * onConnected.
             */
            void awaitListener(Channel channel, Duration drain) {
                ChatSession session = SessionHandler.sessionOf(channel);
                session.active().orTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
                    if (failure == null) {
                        result.complete(new ChatClient(group, ownsGroup, session, drain));
                    } else {
                        fail(channel, "timed out", failure);
                    }
                });
            }

            /** Closes what was opened, then reports the failure. */
            void fail(Channel channel, String why, Throwable cause) {
                ChatException failure = new ChatException("cannot connect to " + where + ": " + why, cause);
                channel.close().addListener(closed -> {
                    if (ownsGroup) {
                        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
                                .addListener(down -> result.completeExceptionally(failure));
                    } else {
                        result.completeExceptionally(failure);
                    }
                });
            }
        }
    }
}
