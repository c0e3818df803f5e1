package dev.linechat.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The baseline servers the bench can start. */
enum BaselineKind {
    /** Raw Netty line echo with ByteBuf frames: what Netty allows. */
    NETTY_BYTEBUF("netty-bytebuf"),
    /** The same through StringDecoder and a line encoder: the cost of a String round trip. */
    NETTY_STRING("netty-string"),
    /** java.net, one thread per connection. */
    BLOCKING("blocking"),
    /** A room: every line to all the others through a ChannelGroup, prefixed per line. */
    NETTY_GROUP("netty-group");

    private final String label;

    BaselineKind(String label) {
        this.label = label;
    }

    /** Starts this server on {@code host} and {@code port} (0 for any free one). */
    Baseline start(String host, int port) {
        return switch (this) {
            case NETTY_BYTEBUF -> NettyBaseline.start(host, port, NettyBaseline::byteBufEcho);
            case NETTY_STRING -> NettyBaseline.start(host, port, NettyBaseline::stringEcho);
            case BLOCKING -> BlockingEchoServer.start(host, port);
            case NETTY_GROUP -> NettyBaseline.start(host, port, new GroupBroadcastHandler()::install);
        };
    }

    /** Finds a kind by its label, such as {@code netty-bytebuf}. */
    static BaselineKind of(String label) {
        for (BaselineKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not one of " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(BaselineKind::toString).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
