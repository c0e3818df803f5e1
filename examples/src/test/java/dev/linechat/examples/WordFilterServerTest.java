package dev.linechat.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.linechat.pipeline.ChatPipelines;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordFilterServerTest {

    private final WordFilterServer.WordFilter filter = new WordFilterServer.WordFilter(List.of("darn", "heck", "Mist"));

    @Test
    void sitsBetweenTheByeHandlerAndTheApplication() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WordFilterServer.layOut(ch.pipeline(), filter);
        assertThat(ch.pipeline().names()).containsSubsequence(ChatPipelines.STRING_DECODER, ChatPipelines.BYE_HANDLER,
                WordFilterServer.WORD_FILTER, ChatPipelines.APP_HANDLER);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void echoesLinesWithTheBannedWordsMasked() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WordFilterServer.layOut(ch.pipeline(), filter);
        ch.writeInbound(utf8("Darn, that da"));
        ch.writeInbound(utf8("rned heck!\r\nso ein MIST, Grüße\n"));
        assertThat(readLine(ch)).isEqualTo("****, that darned ****!\n");
        assertThat(readLine(ch)).isEqualTo("so ein ****, Grüße\n");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void masksWholeWordsOnly() {
        assertThat(filter.mask("heckle darnit misty")).isEqualTo("heckle darnit misty");
        assertThat(filter.mask("heck-darn_mist (MiSt)")).isEqualTo("****-darn_mist (****)");
        assertThat(filter.mask("mistä heckö")).isEqualTo("mistä heckö"); // letters beyond ASCII are letters too
    }

    @Test
    void needsAWordToMask() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WordFilterServer.WordFilter(List.of(" ", "")));
    }

    private static ByteBuf utf8(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static String readLine(EmbeddedChannel ch) {
        ByteBuf line = ch.readOutbound();
        try {
            return line.toString(StandardCharsets.UTF_8);
        } finally {
            line.release();
        }
    }
}
