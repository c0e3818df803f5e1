package dev.linechat.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;

/** Bytes in and out of an {@link EmbeddedChannel}, always with a named charset. */
final class Wire {

    private Wire() {
    }

    static ByteBuf utf8(String text) {
        return Unpooled.copiedBuffer(text, UTF_8);
    }

    static ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer(values.length);
        for (int value : values) {
            buf.writeByte(value);
        }
        return buf;
    }

    /** Reads and releases everything the channel wrote, buffers concatenated in order. */
    static byte[] writtenBytes(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object msg; (msg = ch.readOutbound()) != null; ) {
            if (!(msg instanceof ByteBuf buf)) {
                throw new AssertionError("expected only bytes on the wire, got " + msg);
            }
            try {
                out.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }

    /** Reads and releases everything the channel wrote, decoded as UTF-8. */
    static String written(EmbeddedChannel ch) {
        return new String(writtenBytes(ch), UTF_8);
    }

    /** Reads and releases one frame the channel passed inbound, decoded as UTF-8, or null. */
    static String readFrame(EmbeddedChannel ch) {
        ByteBuf frame = ch.readInbound();
        if (frame == null) {
            return null;
        }
        try {
            return frame.toString(UTF_8);
        } finally {
            frame.release();
        }
    }
}
