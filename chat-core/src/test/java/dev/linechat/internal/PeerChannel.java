package dev.linechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Consumer;

/** An {@link EmbeddedChannel} whose peer has an IP address, as an accepted TCP connection has. */
final class PeerChannel extends EmbeddedChannel {

    private final InetSocketAddress remote;

    private PeerChannel(InetSocketAddress remote) {
        super(false, false); // registered once laid out, so that channelActive sees the whole pipeline
        this.remote = remote;
    }

    /** Connects from {@code host}, port 40000, through the given handlers. */
    static PeerChannel from(String host, ChannelHandler... handlers) throws Exception {
        return laidOut(host, ch -> ch.pipeline().addLast(handlers));
    }

    /** Connects from {@code host}, port 40000, through the pipeline {@code layout} makes. */
    static PeerChannel laidOut(String host, Consumer<PeerChannel> layout) throws Exception {
        PeerChannel ch = new PeerChannel(new InetSocketAddress(host, 40000));
        layout.accept(ch);
        ch.register();
        return ch;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    /** The peer sends this text, UTF-8 encoded, in one read. */
    void type(String text) {
        writeInbound(Unpooled.copiedBuffer(text, UTF_8));
    }

    /** Reads and releases everything written so far, as UTF-8 text. */
    static String written(EmbeddedChannel ch) {
        StringBuilder text = new StringBuilder();
        for (Object msg; (msg = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            text.append(buf.toString(UTF_8));
            buf.release();
        }
        return text.toString();
    }
}
