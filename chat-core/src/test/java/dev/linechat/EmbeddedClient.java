package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server side of one client's connection, as an {@link EmbeddedChannel} whose peer has an IP
 * address and port, as an accepted TCP connection has: the server modes show them.
 */
final class EmbeddedClient extends EmbeddedChannel {

    private final InetSocketAddress remote;

    private EmbeddedClient(InetSocketAddress remote) {
        super(false, false); // registered once the pipeline is laid out, so channelActive finds it
        this.remote = remote;
    }

    /** Lays out a channel with {@code layout}, then makes it active, as an accepted connection is. */
    static EmbeddedClient connect(InetSocketAddress remote, Consumer<ChannelPipeline> layout) throws Exception {
        EmbeddedClient ch = new EmbeddedClient(remote);
        layout.accept(ch.pipeline());
        ch.register();
        return ch;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    /** The client sends these bytes, UTF-8 encoded, in one read. */
    void type(String text) {
        writeInbound(Unpooled.copiedBuffer(text, UTF_8));
    }

    /** The client sends these raw bytes in one read. */
    void typeBytes(byte[] bytes) {
        writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** Takes the messages that went past the last handler, as lines a server mode's handler would get. */
    List<Object> passedOn() {
        List<Object> messages = new ArrayList<>();
        for (Object msg; (msg = readInbound()) != null; ) {
            messages.add(msg);
        }
        return messages;
    }

    /** Reads and releases everything written to the client, as UTF-8 lines; fails on an unterminated tail. */
    List<String> lines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object msg; (msg = readOutbound()) != null; ) {
            if (!(msg instanceof ByteBuf buf)) {
                throw new AssertionError("expected only bytes on the wire, got " + msg);
            }
            try {
                out.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        String text = out.toString(UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("the last line written has no terminator: " + text);
        }
        return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }
}
