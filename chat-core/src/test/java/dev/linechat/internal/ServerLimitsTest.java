package dev.linechat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.linechat.pipeline.ChatPipelines;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {

    @Test
    void placesEachHandlerWhereItSeesWhatItNeeds() {
        ServerLimits limits = new ServerLimits(List.of(Cidr.parse("127.0.0.0/8")), List.of(), Duration.ofSeconds(30),
                1000, 2000, 5000, Duration.ofSeconds(1));
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), new EventRecorder());
        ch.pipeline().addAfter(ChatPipelines.LINE_ENCODER, "chat-connection-limit", new ConnectionLimitHandler(3));
        limits.install(ch, limits.addressFilter());

        assertEquals(List.of(IdleTimeoutHandler.NAME, ChatPipelines.FRAME_DECODER, ChatPipelines.STRING_DECODER,
                SlowClientHandler.NAME, ChatPipelines.LINE_ENCODER, AddressFilterHandler.NAME, "chat-connection-limit",
                ChatPipelines.OVERLONG_LINE_HANDLER, ChatPipelines.BYE_HANDLER, ChatPipelines.APP_HANDLER),
                ch.pipeline().names().subList(0, 10));
        assertEquals(1000, ch.config().getWriteBufferLowWaterMark());
        assertEquals(2000, ch.config().getWriteBufferHighWaterMark());
        assertFalse(ch.finish());
    }

    @Test
    void leavesOutWhatIsNotAskedFor() {
        ServerLimits limits = new ServerLimits(List.of(), List.of(), Duration.ZERO, ServerLimits.DEFAULT_LOW_WATER_MARK,
                ServerLimits.DEFAULT_HIGH_WATER_MARK, ServerLimits.DEFAULT_MAX_DROPPED_BYTES, Duration.ofSeconds(1));
        assertNull(limits.addressFilter());
        EmbeddedChannel ch = new EmbeddedChannel();
        ChatPipelines.server(ch.pipeline(), new EventRecorder());
        limits.install(ch, limits.addressFilter());
        assertNull(ch.pipeline().get(IdleTimeoutHandler.NAME));
        assertNull(ch.pipeline().get(AddressFilterHandler.NAME));
        assertEquals(SlowClientHandler.class, ch.pipeline().get(SlowClientHandler.NAME).getClass());
        assertEquals(32 * 1024, ch.config().getWriteBufferLowWaterMark());
        assertEquals(64 * 1024, ch.config().getWriteBufferHighWaterMark());
        assertFalse(ch.finish());
    }
}
