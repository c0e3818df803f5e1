package dev.linechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.pipeline.ChatPipelines;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EchoHandlerTest {

    private static EmbeddedChannel echo() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), EchoHandler.INSTANCE);
        return ch;
    }

    private static ByteBuf utf8(String text) {
        return Unpooled.copiedBuffer(text, UTF_8);
    }

    /** Reads and releases everything the channel wrote, decoded as UTF-8. */
    private static String written(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = ch.readOutbound()) != null; ) {
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.writeBytes(bytes);
            } finally {
                buf.release();
            }
        }
        return out.toString(UTF_8);
    }

    @Test
    void sendsEveryLineBackUnchangedIncludingEmptyAndNonAsciiOnes() {
        EmbeddedChannel ch = echo();
        ch.writeInbound(utf8("hello\n\nhéllo wörld € 😀\r\n  spaced  \n"));
        assertEquals("hello\n\nhéllo wörld € 😀\n  spaced  \n", written(ch));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void sendsLineSplitAcrossReadsBackOnceWhole() {
        EmbeddedChannel ch = echo();
        byte[] bytes = "ça 😀\r\n".getBytes(UTF_8);
        for (int i = 0; i < bytes.length - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, i, i + 1)));
            assertEquals("", written(ch));
        }
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, bytes.length - 1, 1));
        assertEquals("ça 😀\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void flushesTheRepliesToOneReadTogetherWhenTheReadIsComplete() {
        EmbeddedChannel ch = echo();
        ch.pipeline().fireChannelRead(utf8("one\ntwo\n"));
        ch.pipeline().fireChannelRead(utf8("three\n"));
        assertNull(ch.readOutbound(), "nothing is flushed before the read is complete");
        ch.pipeline().fireChannelReadComplete();
        assertEquals("one\ntwo\nthree\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void byeIsNotEchoedAndClosesAfterTheRepliesBeforeIt() {
        EmbeddedChannel ch = echo();
        ch.writeInbound(utf8("last\nBYE\nignored\n"));
        assertEquals("last\n", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void peerThatHalfClosesAfterByeGetsItsRepliesThenTheChannelCloses() {
        EmbeddedChannel ch = echo();
        ch.writeInbound(utf8("hi\nBYE")); // printf 'hi\nBYE' | nc -N: no terminator after BYE
        assertEquals("hi\n", written(ch));
        assertTrue(ch.isOpen());
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals("", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void peerThatHalfClosesAfterAnUnterminatedLineGetsItBackThenTheChannelCloses() {
        EmbeddedChannel ch = echo();
        ch.writeInbound(utf8("hi\nthere"));
        assertEquals("hi\n", written(ch));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals("there\n", written(ch));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        assertEquals("", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void oneInstanceServesEveryChannel() {
        EmbeddedChannel first = echo();
        EmbeddedChannel second = echo();
        first.writeInbound(utf8("from first\n"));
        second.writeInbound(utf8("from second\n"));
        assertEquals("from first\n", written(first));
        assertEquals("from second\n", written(second));
        assertFalse(first.finish());
        assertFalse(second.finish());
    }
}
