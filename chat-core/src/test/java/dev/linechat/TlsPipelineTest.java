package dev.linechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.internal.ConnectionLimitHandler;
import dev.linechat.internal.Sessions;
import dev.linechat.internal.TlsHandshakeHandler;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.LineOptions;
import dev.linechat.testing.TestPki;
import dev.linechat.testing.TestPki.Issued;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS chat connection with both ends in this thread: two {@link EmbeddedChannel}s whose encrypted
 * bytes the test carries across, so that every step of the handshake and the close is in order.
 */
class TlsPipelineTest {

    @TempDir
    static Path dir;
    private static TestPki authority;
    private static Issued server;
    private static SslContext serverContext;

    private final RecordingListener serverEvents = new RecordingListener();
    private final SessionHandler sessions = new SessionHandler(serverEvents, new ConcurrentSkipListMap<>(), false);
    private final List<String> failures = new ArrayList<>();
    private int nextPort = 40001;

    @BeforeAll
    static void makeCertificates() {
        authority = TestPki.authority(dir, "pipeline-ca");
        server = authority.server("server", "127.0.0.1");
        serverContext = TlsContexts.forServer(Tls.server(server.cert(), server.key()));
    }

    /** The server's side of one connection, with TLS first, as ChatServer lays it out. */
    private EmbeddedClient accept(ChannelHandler... extra) throws Exception {
        return EmbeddedClient.connect(new InetSocketAddress("127.0.0.1", nextPort++), p -> {
            ChatPipelines.server(p, LineOptions.DEFAULT, sessions);
            for (ChannelHandler handler : extra) {
                p.addAfter(ChatPipelines.LINE_ENCODER, "extra", handler);
            }
            TlsHandshakeHandler.install(p, serverContext.newHandler(p.channel().alloc()), false, true, failures::add);
        });
    }

    /** A client's side, whose application records the lines and TLS events that reach it. */
    private static EmbeddedChannel connectClient(Tls tls, List<Object> seen) {
        SslContext context = TlsContexts.forClient(tls);
        return new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ChatPipelines.client(ch.pipeline(), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        seen.add(msg);
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof SslHandshakeCompletionEvent || evt instanceof SslCloseCompletionEvent) {
                            seen.add(evt);
                        }
                    }
                });
                TlsHandshakeHandler.install(ch.pipeline(), context.newHandler(ch.alloc(), "127.0.0.1", 5000),
                        true, false, failure -> seen.add("failure: " + failure));
            }
        });
    }

    /** Carries the bytes each side wrote to the other until neither has anything more to say. */
    private static void carry(EmbeddedChannel a, EmbeddedChannel b) {
        while (move(a, b) | move(b, a)) {
            // again: an answer may have been written
        }
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object msg; (msg = from.readOutbound()) != null; moved = true) {
            if (to.isOpen()) {
                to.writeInbound(msg);
            } else {
                ReferenceCountUtil.release(msg); // a reset would lose them too
            }
        }
        return moved;
    }

    /** Closes both ends, drops the close_notify records they wrote, and checks that nothing else is left. */
    private static void closeAndFinish(EmbeddedChannel a, EmbeddedChannel b) {
        a.close();
        b.close();
        carry(a, b);
        assertFalse(a.finish());
        assertFalse(b.finish());
    }

    @Test
    void tlsGoesFirstInThePipeline() throws Exception {
        EmbeddedClient accepted = accept();
        assertEquals(List.of(ChatPipelines.TLS_HANDLER, ChatPipelines.TLS_HANDSHAKE, ChatPipelines.FRAME_DECODER),
                accepted.pipeline().names().subList(0, 3));
        closeAndFinish(accepted, new EmbeddedChannel());
    }

    @Test
    void theChatHandlersHearOfTheConnectionOnlyOnceTheHandshakeSucceeds() throws Exception {
        EmbeddedClient accepted = accept();
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel client = connectClient(Tls.client().trust(authority.authority().cert()), seen);
        assertTrue(accepted.isActive());
        assertNull(Sessions.of(accepted), "a session before the handshake");

        carry(client, accepted);
        ChatSession session = serverEvents.nextConnected();
        assertEquals(1, session.id());
        assertEquals(List.of(SslHandshakeCompletionEvent.SUCCESS), seen);

        client.writeOutbound("ça va? 😀");
        carry(client, accepted);
        assertEquals("ça va? 😀", serverEvents.nextLine());

        client.close();
        carry(client, accepted);
        closeAndFinish(client, accepted);
        assertEquals(CloseReason.PEER_CLOSED, serverEvents.nextClosed());
        assertEquals(List.of(), failures);
    }

    @Test
    void aFailedHandshakeIsOneLineAndNeverASession() throws Exception {
        EmbeddedClient accepted = accept();
        TestPki stranger = TestPki.authority(dir, "stranger-ca");
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel client = connectClient(Tls.client().trust(stranger.authority().cert()), seen);

        carry(client, accepted);
        assertEquals(List.of("TLS handshake with 127.0.0.1:40001 failed: the client rejected the server's certificate"
                + " (certificate_unknown)"), failures);
        assertThat(seen).singleElement().asString().startsWith("failure: TLS handshake with ")
                .endsWith("failed: the server's certificate is not trusted (no trusted certificate authority issued it)");
        assertFalse(accepted.isOpen());
        assertFalse(client.isOpen());
        assertNull(Sessions.of(accepted));
        closeAndFinish(client, accepted);
    }

    @Test
    void aClientWithoutACertificateHearsTheServersRefusalBeforeItCountsItselfConnected() throws Exception {
        SslContext mutual = TlsContexts.forServer(Tls.server(server.cert(), server.key()).clientAuth(authority.authority().cert()));
        EmbeddedClient accepted = EmbeddedClient.connect(new InetSocketAddress("127.0.0.1", 40009), p -> {
            ChatPipelines.server(p, LineOptions.DEFAULT, sessions);
            TlsHandshakeHandler.install(p, mutual.newHandler(p.channel().alloc()), false, true, failures::add);
        });
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel client = connectClient(Tls.client().trust(authority.authority().cert()), seen);

        carry(client, accepted);
        assertEquals(List.of("failure: TLS handshake with an unknown peer failed: the server requires a client certificate"),
                seen, "the client's side of a TLS 1.3 handshake succeeded, but its application never heard of it");
        assertEquals(List.of("TLS handshake with 127.0.0.1:40009 failed: "
                + "the client presented no certificate from an authority this server trusts"), failures);
        closeAndFinish(client, accepted);
    }

    @Test
    void aClientWhoseServerSaysNothingAfterTheHandshakeStopsWaitingForIt() throws Exception {
        EmbeddedClient accepted = accept();
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel client = connectClient(Tls.client().trust(authority.authority().cert()), seen);
        client.freezeTime();
        move(client, accepted); // ClientHello
        move(accepted, client); // the server's flight; the client's side of the handshake is done
        List<Object> clientFinished = new ArrayList<>();
        for (Object msg; (msg = client.readOutbound()) != null; ) {
            clientFinished.add(msg); // held back: the server sends its session ticket only after this
        }
        assertEquals(List.of(), seen);

        client.advanceTimeBy(TlsHandshakeHandler.VERDICT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        client.runScheduledPendingTasks();
        assertEquals(List.of(SslHandshakeCompletionEvent.SUCCESS), seen);
        clientFinished.forEach(accepted::writeInbound);
        carry(client, accepted);
        assertEquals(1, serverEvents.nextConnected().id());
        closeAndFinish(client, accepted);
    }

    @Test
    void linesSentBeforeTheServerClosesArriveBeforeItsCloseNotify() throws Exception {
        EmbeddedClient accepted = accept();
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel client = connectClient(Tls.client().trust(authority.authority().cert()), seen);
        carry(client, accepted);
        ChatSession session = serverEvents.nextConnected();

        session.send("last words");
        session.close();
        carry(client, accepted);
        assertEquals(List.of(SslHandshakeCompletionEvent.SUCCESS, "last words", SslCloseCompletionEvent.SUCCESS), seen);
        assertEquals(CloseReason.CLOSED_LOCALLY, serverEvents.nextClosed());
        closeAndFinish(client, accepted);
    }

    @Test
    void aRefusedClientGetsTheRefusalBeforeCloseNotify() throws Exception {
        ConnectionLimitHandler limit = new ConnectionLimitHandler(1);
        EmbeddedClient first = accept(limit);
        EmbeddedChannel firstClient = connectClient(Tls.client().trust(authority.authority().cert()), new ArrayList<>());
        carry(firstClient, first);
        serverEvents.nextConnected();

        EmbeddedClient second = accept(limit);
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel secondClient = connectClient(Tls.client().trust(authority.authority().cert()), seen);
        carry(secondClient, second);
        assertEquals(List.of(SslHandshakeCompletionEvent.SUCCESS, ConnectionLimitHandler.notice(1),
                SslCloseCompletionEvent.SUCCESS), seen);
        assertFalse(second.isOpen());

        closeAndFinish(secondClient, second);
        closeAndFinish(firstClient, first);
    }
}
