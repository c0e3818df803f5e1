package dev.linechat.pipeline;

import static dev.linechat.pipeline.Wire.bytes;
import static dev.linechat.pipeline.Wire.utf8;
import static dev.linechat.pipeline.Wire.written;
import static dev.linechat.pipeline.Wire.writtenBytes;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.string.StringDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatPipelinesTest {

    private static final List<String> LAYOUT = List.of(
            ChatPipelines.FRAME_DECODER,
            ChatPipelines.STRING_DECODER,
            ChatPipelines.LINE_ENCODER,
            ChatPipelines.OVERLONG_LINE_HANDLER,
            ChatPipelines.BYE_HANDLER,
            ChatPipelines.APP_HANDLER);

    private static EmbeddedChannel server() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), new ChannelInboundHandlerAdapter());
        return ch;
    }

    private static List<String> names(ChannelPipeline p) {
        return new ArrayList<>(p.toMap().keySet());
    }

    @Test
    void decodesLineSplitAcrossReads() {
        EmbeddedChannel ch = server();
        assertFalse(ch.writeInbound(utf8("hel")));
        assertTrue(ch.writeInbound(utf8("lo\n")));
        assertEquals("hello", ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void decodesSeveralLinesInOneRead() {
        EmbeddedChannel ch = server();
        assertTrue(ch.writeInbound(utf8("one\r\ntwo\nthree\r\n")));
        assertEquals("one", ch.readInbound());
        assertEquals("two", ch.readInbound());
        assertEquals("three", ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void carriesEmptyLinesBothWays() {
        EmbeddedChannel ch = server();
        assertTrue(ch.writeInbound(utf8("\n\r\n")));
        assertEquals("", ch.readInbound());
        assertEquals("", ch.readInbound());
        ch.writeAndFlush("");
        assertArrayEquals(new byte[] {'\n'}, writtenBytes(ch));
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(strings = {"é", "€", "😀"})
    void decodesMultiByteCharacterSplitAcrossReads(String character) {
        byte[] encoded = character.getBytes(UTF_8);
        for (int cut = 1; cut < encoded.length; cut++) {
            EmbeddedChannel ch = server();
            assertFalse(ch.writeInbound(Unpooled.wrappedBuffer(encoded, 0, cut)));
            assertFalse(ch.writeInbound(Unpooled.wrappedBuffer(encoded, cut, encoded.length - cut)));
            assertTrue(ch.writeInbound(utf8("!\n")));
            assertEquals(character + "!", ch.readInbound(), "cut after byte " + cut);
            assertFalse(ch.finish());
        }
    }

    @Test
    void decodesMalformedUtf8WithReplacementCharacters() {
        EmbeddedChannel ch = server();
        assertTrue(ch.writeInbound(bytes('a', 0xFF, 'b', '\n', 0xC3, '(', '\n', 'c', 0xE2, 0x82, '\n')));
        assertEquals("a\uFFFDb", ch.readInbound());
        assertEquals("\uFFFD(", ch.readInbound());
        assertEquals("c\uFFFD", ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void deliversUnterminatedLastLineWithoutItsCarriageReturnOnClose() {
        EmbeddedChannel ch = server();
        assertTrue(ch.writeInbound(utf8("one\r\ntwo\r")));
        assertEquals("one", ch.readInbound());
        assertNull(ch.readInbound());
        ch.close();
        assertEquals("two", ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void writesLfTerminatedUtf8Lines() {
        EmbeddedChannel ch = server();
        ch.writeAndFlush("héllo");
        ch.writeAndFlush("world");
        assertArrayEquals("héllo\nworld\n".getBytes(UTF_8), writtenBytes(ch));
        assertFalse(ch.finish());
    }

    @Test
    void readsAndWritesInTheConfiguredCharset() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.client(ch.pipeline(), LineOptions.DEFAULT.withCharset(ISO_8859_1), new ChannelInboundHandlerAdapter());
        assertTrue(ch.writeInbound(bytes(0xE9, 't', 0xE9, '\n')));
        assertEquals("été", ch.readInbound());
        ch.writeAndFlush("été");
        ch.writeAndFlush("");
        assertArrayEquals(new byte[] {(byte) 0xE9, 't', (byte) 0xE9, '\n', '\n'}, writtenBytes(ch));
        assertFalse(ch.finish());
    }

    @Test
    void serverLaysOutHandlersInDocumentedOrder() {
        EmbeddedChannel ch = new EmbeddedChannel();
        RecordingHandler app = new RecordingHandler();
        ChatPipelines.server(ch.pipeline(), app);
        assertLayout(ch.pipeline(), app);
        assertFalse(ch.finish());
    }

    @Test
    void clientLaysOutHandlersInDocumentedOrder() {
        EmbeddedChannel ch = new EmbeddedChannel();
        RecordingHandler app = new RecordingHandler();
        ChatPipelines.client(ch.pipeline(), app);
        assertLayout(ch.pipeline(), app);
        assertFalse(ch.finish());
    }

    @Test
    void eachChannelGetsItsOwnFrameDecoder() {
        EmbeddedChannel first = server();
        EmbeddedChannel second = server();
        assertNotSame(first.pipeline().get(ChatPipelines.FRAME_DECODER), second.pipeline().get(ChatPipelines.FRAME_DECODER));
        assertFalse(first.writeInbound(utf8("fir")));
        assertTrue(second.writeInbound(utf8("second\n")));
        assertEquals("second", second.readInbound());
        first.close();
        assertEquals("fir", first.readInbound());
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @Test
    void serverInitializerInstallsTheServerPipeline() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = new EmbeddedChannel(ChatInitializer.server(() -> app));
        assertLayout(ch.pipeline(), app);
        ch.writeInbound(utf8("x".repeat(LineOptions.DEFAULT_MAX_LINE_LENGTH + 1) + "\n"));
        assertEquals(OverlongLineHandler.notice(LineOptions.DEFAULT_MAX_LINE_LENGTH) + "\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void clientInitializerInstallsTheClientPipeline() {
        RecordingHandler app = new RecordingHandler();
        EmbeddedChannel ch = new EmbeddedChannel(ChatInitializer.client(() -> app));
        assertLayout(ch.pipeline(), app);
        ch.writeInbound(utf8("x".repeat(LineOptions.DEFAULT_MAX_LINE_LENGTH + 1) + "\n"));
        // The client tells the server, as the server tells its clients.
        assertEquals(OverlongLineHandler.notice(LineOptions.DEFAULT_MAX_LINE_LENGTH) + "\n", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void initializersApplyTheirOptions() {
        LineOptions options = new LineOptions(4, ISO_8859_1);
        RecordingHandler serverApp = new RecordingHandler();
        EmbeddedChannel server = new EmbeddedChannel(ChatInitializer.server(options, () -> serverApp));
        server.writeInbound(bytes('1', '2', '3', '4', '5', '\n', 0xE9, '\n'));
        assertEquals(OverlongLineHandler.notice(4) + "\n", written(server));
        assertEquals(List.of(new OverlongLineHandler.OverlongLineEvent(4), "é"), serverApp.received);
        assertFalse(server.finish());

        RecordingHandler clientApp = new RecordingHandler();
        EmbeddedChannel client = new EmbeddedChannel(ChatInitializer.client(options, () -> clientApp));
        client.writeInbound(bytes('1', '2', '3', '4', '5', '\n', 0xE9, '\n'));
        assertEquals(OverlongLineHandler.notice(4) + "\n", new String(writtenBytes(client), ISO_8859_1));
        client.writeAndFlush("é");
        assertArrayEquals(new byte[] {(byte) 0xE9, '\n'}, writtenBytes(client));
        assertEquals(List.of(new OverlongLineHandler.OverlongLineEvent(4), "é"), clientApp.received);
        assertFalse(client.finish());
    }

    @Test
    void initializerAsksForAHandlerPerChannel() {
        List<RecordingHandler> made = new ArrayList<>();
        ChatInitializer initializer = ChatInitializer.server(() -> {
            RecordingHandler app = new RecordingHandler();
            made.add(app);
            return app;
        });
        EmbeddedChannel first = new EmbeddedChannel(initializer);
        EmbeddedChannel second = new EmbeddedChannel(initializer);
        assertEquals(2, made.size());
        assertSame(made.get(0), first.pipeline().get(ChatPipelines.APP_HANDLER));
        assertSame(made.get(1), second.pipeline().get(ChatPipelines.APP_HANDLER));
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    private static void assertLayout(ChannelPipeline p, RecordingHandler app) {
        assertEquals(LAYOUT, names(p));
        assertInstanceOf(LineFrameDecoder.class, p.get(ChatPipelines.FRAME_DECODER));
        assertInstanceOf(StringDecoder.class, p.get(ChatPipelines.STRING_DECODER));
        assertInstanceOf(LineEncoder.class, p.get(ChatPipelines.LINE_ENCODER));
        assertInstanceOf(OverlongLineHandler.class, p.get(ChatPipelines.OVERLONG_LINE_HANDLER));
        assertSame(ByeHandler.INSTANCE, p.get(ChatPipelines.BYE_HANDLER));
        assertSame(app, p.get(ChatPipelines.APP_HANDLER));
    }
}
