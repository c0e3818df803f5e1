/**
 * Line-oriented chat over TCP: the {@link dev.linechat.ChatServer} and {@link dev.linechat.ChatClient}
 * handles in {@code dev.linechat}, the Netty pipeline pieces in {@code dev.linechat.pipeline}, and
 * console helpers in {@code dev.linechat.console}. Everything in {@code dev.linechat.internal} is
 * implementation and not exported.
 */
module dev.linechat {
    // Netty types appear in the API (channels, event loop groups, pipeline handlers, buffers).
    requires transitive io.netty.buffer;
    requires transitive io.netty.codec;
    requires transitive io.netty.common;
    requires transitive io.netty.transport;
    requires io.netty.handler;
    // Transport.EPOLL and IO_URING, when the application puts Netty's native transports on the path.
    requires static io.netty.transport.classes.epoll;
    requires static io.netty.transport.classes.io_uring;
    // Only Tls.selfSigned needs BouncyCastle; without it on the path that one method says so.
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.provider;
    requires static org.bouncycastle.util;
    // sun.misc.Signal, for Ctrl-C and SIGTERM in console applications.
    requires jdk.unsupported;

    // ChatServer.Builder.cluster finds the bridge for a URI's scheme, such as chat-cluster's for redis://.
    uses dev.linechat.RoomBridge.Provider;

    exports dev.linechat;
    exports dev.linechat.console;
    exports dev.linechat.pipeline;
}
