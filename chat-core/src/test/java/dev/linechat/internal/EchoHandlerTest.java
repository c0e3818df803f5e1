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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The echo mode in both its forms: lines decoded to text (when a listener wants them) and lines
 * passed on as bytes, undecoded (when nobody does). Each test runs in both.
 */
class EchoHandlerTest {

    private static EmbeddedChannel echo(boolean undecoded) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), new EchoHandler());
        if (undecoded) {
            ch.pipeline().remove(ChatPipelines.STRING_DECODER);
        }
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

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void sendsEveryLineBackUnchangedIncludingEmptyAndNonAsciiOnes(boolean undecoded) {
        EmbeddedChannel ch = echo(undecoded);
        ch.writeInbound(utf8("hello\n\nhéllo wörld € 😀\r\n  spaced  \n"));
        assertEquals("hello\n\nhéllo wörld € 😀\n  spaced  \n", written(ch));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void sendsLineSplitAcrossReadsBackOnceWhole(boolean undecoded) {
        EmbeddedChannel ch = echo(undecoded);
        byte[] bytes = "ça 😀\r\n".getBytes(UTF_8);
        for (int i = 0; i < bytes.length - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, i, i + 1)));
            assertEquals("", written(ch));
        }
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, bytes.length - 1, 1));
        assertEquals("ça 😀\n", written(ch));
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void flushesTheRepliesToOneReadTogetherWhenTheReadIsComplete(boolean undecoded) {
        EmbeddedChannel ch = echo(undecoded);
        ch.pipeline().fireChannelRead(utf8("one\ntwo\n"));
        ch.pipeline().fireChannelRead(utf8("three\n"));
        assertNull(ch.readOutbound(), "nothing is flushed before the read is complete");
        ch.pipeline().fireChannelReadComplete();
        assertEquals("one\ntwo\nthree\n", written(ch));
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void byeIsNotEchoedAndClosesAfterTheRepliesBeforeIt(boolean undecoded) {
        EmbeddedChannel ch = echo(undecoded);
        ch.writeInbound(utf8("last\nBYE\nignored\n"));
        assertEquals("last\n", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void peerThatHalfClosesAfterByeGetsItsRepliesThenTheChannelCloses(boolean undecoded) {
        EmbeddedChannel ch = echo(undecoded);
        ch.writeInbound(utf8("hi\nBYE")); // printf 'hi\nBYE' | nc -N: no terminator after BYE
        assertEquals("hi\n", written(ch));
        assertTrue(ch.isOpen());
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals("", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void peerThatHalfClosesAfterAnUnterminatedLineGetsItBackThenTheChannelCloses(boolean undecoded) {
        EmbeddedChannel ch = echo(undecoded);
        ch.writeInbound(utf8("hi\nthere"));
        assertEquals("hi\n", written(ch));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals("there\n", written(ch));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        assertEquals("", written(ch));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void eachChannelGetsItsOwnLinesBack(boolean undecoded) {
        EmbeddedChannel first = echo(undecoded);
        EmbeddedChannel second = echo(undecoded);
        first.pipeline().fireChannelRead(utf8("from first\n"));
        second.writeInbound(utf8("from second\n"));
        first.pipeline().fireChannelReadComplete();
        assertEquals("from first\n", written(first));
        assertEquals("from second\n", written(second));
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @ParameterizedTest(name = "undecoded: {0}")
    @ValueSource(booleans = {false, true})
    void anOverLongLineIsAnsweredBetweenTheRepliesAroundIt(boolean undecoded) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), new dev.linechat.pipeline.LineOptions(dev.linechat.pipeline.Framing.LINE, 8, UTF_8),
                new EchoHandler());
        if (undecoded) {
            ch.pipeline().remove(ChatPipelines.STRING_DECODER);
        }
        ch.writeInbound(utf8("before\n0123456789\nafter\n"));
        assertEquals("before\n" + dev.linechat.pipeline.OverlongLineHandler.notice(8) + "\nafter\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void undecodedTheRepliesToOneReadGoOutAsOneBuffer() {
        EmbeddedChannel ch = echo(true);
        ch.writeInbound(utf8("one\r\ntwo\n\nthree\n"));
        ByteBuf replies = ch.readOutbound();
        try {
            assertEquals("one\ntwo\n\nthree\n", replies.toString(UTF_8));
        } finally {
            replies.release();
        }
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void undecodedMalformedUtf8ComesBackByteForByte() {
        EmbeddedChannel ch = echo(true);
        byte[] line = {'a', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 'z', '\n'};
        ch.writeInbound(Unpooled.wrappedBuffer(line));
        ByteBuf reply = ch.readOutbound();
        try {
            assertEquals(Arrays.toString(line), Arrays.toString(io.netty.buffer.ByteBufUtil.getBytes(reply)));
        } finally {
            reply.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void undecodedAGatheredBurstIsReleasedIfTheChannelGoesFirst() {
        EmbeddedChannel ch = echo(true);
        ch.pipeline().fireChannelRead(utf8("never sent\n"));
        ch.pipeline().remove(EchoHandler.class); // as when the channel is torn down mid-read
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }
}
