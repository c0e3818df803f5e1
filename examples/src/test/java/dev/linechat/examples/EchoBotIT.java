package dev.linechat.examples;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.linechat.ChatClient;
import dev.linechat.ChatListener;
import dev.linechat.ChatServer;
import dev.linechat.ChatSession;
import dev.linechat.CloseReason;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

class EchoBotIT {

    @Test
    void answersEveryLineWithTheSameLine() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        ChatListener recorder = new ChatListener() {
            @Override
            public void onLine(ChatSession from, String line) {
                heard.add(line);
            }
        };
        try (ChatServer bot = EchoBot.start(0);
                ChatClient client = ChatClient.builder().port(bot.port()).listener(recorder).connect()) {
            client.send("Hello? Are you there?");
            client.send("");
            client.send("Grüße €");
            assertThat(heard.poll(5, SECONDS)).isEqualTo("Hello? Are you there?");
            assertThat(heard.poll(5, SECONDS)).isEmpty();
            assertThat(heard.poll(5, SECONDS)).isEqualTo("Grüße €");

            client.send("BYE");
            assertThat(client.closeFuture().get(5, SECONDS)).isEqualTo(CloseReason.BYE_SENT);
        }
        assertThat(heard).isEmpty();
    }
}
