package dev.linechat.internal;

import dev.linechat.ChatException;
import dev.linechat.pipeline.ChatPipelines;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Holds a TLS connection back from the chat handlers until its handshake has succeeded: only then do
 * they hear that it is active, so a peer that fails the handshake never becomes a session, never
 * uses up an id or a client slot, and is never shown as connected. A failed handshake is reported
 * as one line instead, and the connection closed.
 *
 * <p>With TLS 1.3 a client has finished its side of the handshake before the server has checked the
 * client's certificate, so a server that refuses it says so only afterwards. A client therefore
 * waits for the server's verdict too: the first record the server sends after the handshake (a
 * session ticket, a line or the refusal), at most {@link #VERDICT_WAIT}.
 *
 * <p>Once the connection is open, a TLS failure passes on as a {@link ChatException} whose message
 * says in words what went wrong. One per channel: it remembers whether the handshake is done.
 */
public final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {

    /** How long a TLS 1.3 client waits after its handshake for the server's first word. */
    public static final Duration VERDICT_WAIT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(TlsHandshakeHandler.class.getName());
    /** Name of the client's handler before the SSL handler that notices the server's records. */
    private static final String TLS_RECORDS = "chat-tls-records";

    private final boolean client;
    private final boolean presents;
    private final Consumer<String> failures;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private boolean open;
    private boolean awaitingVerdict;
    private Future<?> verdictDeadline;
    private InetSocketAddress peer;

    private TlsHandshakeHandler(boolean client, boolean presents, Consumer<String> failures) {
        this.client = client;
        this.presents = presents;
        this.failures = failures;
    }

    /**
     * Puts TLS first in a chat pipeline: the {@link SslHandler} as {@link ChatPipelines#TLS_HANDLER},
     * then this handler as {@link ChatPipelines#TLS_HANDSHAKE}.
     *
     * @param pipeline a chat pipeline, laid out already
     * @param ssl the channel's own SSL handler
     * @param client whether this side is the client
     * @param presents whether this side presents a certificate (a server always does)
     * @param failures receives one line for each failed handshake, such as
     *     {@code TLS handshake with 127.0.0.1:40022 failed: the client does not speak TLS}
     * @return a future that completes once the chat handlers have been told the connection is active:
     *     after the handshake and, for a TLS 1.3 client, the server's verdict; it fails with what the
     *     handshake failed with. Only this handler completes it.
     */
    public static CompletableFuture<Void> install(ChannelPipeline pipeline, SslHandler ssl, boolean client,
            boolean presents, Consumer<String> failures) {
        TlsHandshakeHandler gate = new TlsHandshakeHandler(client, presents, failures);
        pipeline.addFirst(ChatPipelines.TLS_HANDSHAKE, gate);
        pipeline.addFirst(ChatPipelines.TLS_HANDLER, ssl);
        if (client) {
            pipeline.addFirst(TLS_RECORDS, new RecordWatcher(ssl));
        }
        return gate.opened;
    }

    /**
     * Returns the SHA-256 fingerprint of the certificate the peer presented.
     *
     * @param channel a chat channel
     * @return the fingerprint, or empty without TLS or a peer certificate
     */
    public static Optional<String> peerFingerprint(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate own
                    ? Optional.of(Pem.fingerprint(own)) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /**
     * Shuts a connection's output down after what was written before: with TLS, sends
     * {@code close_notify} first, so the peer knows the last words were all, and were not cut off.
     *
     * @param socket the connection
     */
    public static void shutdownOutput(SocketChannel socket) {
        SslHandler ssl = socket.pipeline().get(SslHandler.class);
        if (ssl == null) {
            socket.shutdownOutput();
        } else {
            ssl.closeOutbound().addListener(sent -> socket.shutdownOutput());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Not passed on yet: the chat handlers hear of the connection once the handshake succeeds.
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress address) {
            peer = address; // kept while the socket can still tell
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (open) {
            if (evt != ServerSpoke.INSTANCE) {
                ctx.fireUserEventTriggered(evt);
            }
        } else if (evt == ServerSpoke.INSTANCE) {
            if (awaitingVerdict && ctx.channel().isActive()) {
                open(ctx); // the server carried on after seeing this client's side of the handshake
            }
        } else if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                failed(ctx, handshake.cause());
            } else if (client && "TLSv1.3".equals(ctx.pipeline().get(SslHandler.class).engine().getSession().getProtocol())) {
                awaitingVerdict = true;
                verdictDeadline = ctx.executor().schedule(() -> {
                    if (awaitingVerdict && ctx.channel().isActive()) {
                        open(ctx); // a server that sends no session ticket says nothing until it has something to say
                    }
                }, VERDICT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                open(ctx);
            }
        } else if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close(); // the peer stopped sending before the handshake was done: it never will be
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!open && awaitingVerdict) {
            open(ctx); // the server's first line is its verdict
        }
        if (open) {
            ctx.fireChannelRead(msg);
        } else {
            ReferenceCountUtil.release(msg); // the SSL handler passes nothing on before the handshake
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (open) {
            ctx.fireExceptionCaught(TlsFailures.isTls(cause) ? explained(cause) : cause);
        } else if (awaitingVerdict) {
            failed(ctx, cause); // the server refused what this client showed, or did not show
        } else {
            // The handshake's completion event reports it; this only makes sure the connection ends.
            LOG.log(Level.DEBUG, () -> "TLS connection with " + peer + " failed during the handshake: " + cause);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (open) {
            ctx.fireChannelInactive();
        } else {
            opened.completeExceptionally(new ClosedChannelException()); // unless it failed for a reason already
            cancelDeadline();
        }
    }

    private void open(ChannelHandlerContext ctx) {
        awaitingVerdict = false;
        cancelDeadline();
        open = true;
        ctx.fireChannelActive();
        ctx.fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        opened.complete(null);
    }

    private void cancelDeadline() {
        if (verdictDeadline != null) {
            verdictDeadline.cancel(false);
        }
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        awaitingVerdict = false;
        cancelDeadline();
        boolean first = opened.completeExceptionally(cause); // before the close, which would say only "closed"
        ctx.close();
        if (!first) {
            return; // told already
        }
        String who = peer == null ? "an unknown peer" : Addresses.format(peer);
        String line = "TLS handshake with " + who + " failed: " + TlsFailures.describe(cause, client, presents);
        LOG.log(Level.DEBUG, line, cause);
        try {
            failures.accept(line);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the TLS failure display failed", e);
        }
    }

    private ChatException explained(Throwable cause) {
        String what = cause instanceof SSLHandshakeException || cause.getCause() instanceof SSLHandshakeException
                ? "TLS handshake failed: " : "TLS failed: ";
        return new ChatException(what + TlsFailures.describe(cause, client, presents), cause);
    }

    /** Fired after the server's first record following the handshake has been through the SSL handler. */
    private enum ServerSpoke {
        INSTANCE
    }

    /**
     * Sits before a client's SSL handler and tells the handshake handler when the server has sent a
     * record after the handshake, once the SSL handler has dealt with it: the server's verdict, unless
     * that record was the refusal, which the SSL handler has reported first. One per channel.
     */
    private static final class RecordWatcher extends ChannelInboundHandlerAdapter {
        private final SslHandler ssl;
        private boolean told;

        RecordWatcher(SslHandler ssl) {
            this.ssl = ssl;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean afterHandshake = !told && ssl.handshakeFuture().isSuccess();
            ctx.fireChannelRead(msg);
            if (afterHandshake && ctx.channel().isActive()) {
                told = true;
                ctx.fireUserEventTriggered(ServerSpoke.INSTANCE);
            }
        }
    }
}
