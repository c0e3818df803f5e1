package dev.linechat;

import dev.linechat.internal.TlsFailures;
import dev.linechat.internal.TlsHandshakeHandler;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.Framing;
import dev.linechat.pipeline.LineOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private final ChatSession session;
    private final Duration closeTimeout;

    private ChatClient(EventLoopGroup group, ChatSession session, Duration closeTimeout) {
        this.group = group;
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
     * Closes the connection after the lines already sent have gone out, and releases the I/O thread,
     * waiting at most the close timeout. Closing twice is harmless. Called from the client's own I/O
     * thread (in a listener), it starts the shutdown and returns without waiting.
     */
    @Override
    public void close() {
        CompletableFuture<CloseReason> closed = session.close();
        if (group.next().inEventLoop()) {
            closed.whenComplete((reason, e) -> group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS));
            return;
        }
        try {
            closed.get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            session.channel().close(); // it would not drain in time: cut it off
        }
        group.shutdownGracefully(0, closeTimeout.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
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
         *     or the TLS handshake fails
         */
        public ChatClient connect() {
            InetSocketAddress address = new InetSocketAddress(host, port);
            String where = host + ":" + port;
            if (address.isUnresolved()) {
                throw new ChatException("cannot connect to " + where + ": unknown host", null);
            }
            SslContext sslContext = tls == null ? null : TlsContexts.forClient(tls);
            boolean presents = tls != null && tls.identity() != null;
            CompletableFuture<Void> tlsOpened = new CompletableFuture<>();
            String peerHost = host;
            int peerPort = port;
            long handshakeMillis = connectTimeout.toMillis();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                    1, new DefaultThreadFactory("chat-client"), NioIoHandler.newFactory());
            SessionHandler sessionHandler = new SessionHandler(listener, new ConcurrentHashMap<>(), false);
            LineOptions lineOptions = lines;
            ChannelFuture registered = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ChatPipelines.client(ch.pipeline(), lineOptions, sessionHandler);
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
                    .awaitUninterruptibly();
            ChannelFuture connected = registered;
            if (registered.isSuccess()) {
                sessionHandler.attach(registered.channel()); // before connecting, so channelActive finds it
                connected = registered.channel().connect(address).awaitUninterruptibly();
            }
            if (!connected.isSuccess()) {
                connected.channel().close().awaitUninterruptibly();
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
                throw new ChatException("cannot connect to " + where + ": " + describe(connected.cause()),
                        connected.cause());
            }
            if (sslContext != null) {
                awaitHandshake(tlsOpened, connected.channel(), group, where, presents);
            }
            ChatSession session = SessionHandler.sessionOf(connected.channel());
            // Netty completes the connect before the pipeline hears of it: wait until the listener has
            // been told, so that what the caller does next never overtakes onConnected.
            session.active().orTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS).join();
            return new ChatClient(group, session, closeTimeout);
        }

        /**
         * Waits for the TLS handshake, which the SSL handler fails after the connect timeout, and for
         * a TLS 1.3 server's verdict on it, which the handshake handler waits for a bounded time.
         */
        private void awaitHandshake(CompletableFuture<Void> opened, Channel channel, EventLoopGroup group, String where,
                boolean presents) {
            Throwable cause = null;
            try {
                opened.get(connectTimeout.plus(TlsHandshakeHandler.VERDICT_WAIT).toMillis()
                        + 1000, TimeUnit.MILLISECONDS); // the margin only guards against a hang
            } catch (ExecutionException e) {
                cause = e.getCause();
            } catch (TimeoutException e) {
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cause = e;
            }
            if (cause != null) {
                channel.close().awaitUninterruptibly();
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
                throw new ChatException("cannot connect to " + where + ": TLS handshake failed: "
                        + TlsFailures.describe(cause, true, presents), cause);
            }
        }

        private static String describe(Throwable cause) {
            if (cause instanceof ConnectTimeoutException) {
                return "timed out";
            }
            String message = String.valueOf(cause.getMessage());
            int annotation = message.indexOf(": /"); // Netty appends the address we already named
            return annotation > 0 ? message.substring(0, annotation) : message;
        }
    }
}
