package dev.linechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linechat.ChatClient;
import dev.linechat.ChatException;
import dev.linechat.LineInbox;
import java.time.Duration;

/**
 * The first exchange across servers. A server's link reads the stream from where it finds it once
 * connected to Redis, which may take a moment after the server has started: a test says hello until
 * the other side hears it, and only then counts on every line arriving.
 */
public final class FirstWords {

    private FirstWords() {
    }

    /**
     * Sends a line until a member of another server hears it, then forgets the retries still on
     * their way.
     *
     * @param speaker the client that speaks
     * @param line what it says
     * @param listener the inbox of a client on the other server
     * @param heard the line that client receives, such as {@code <alice> hello}
     * @throws InterruptedException if interrupted while letting the retries arrive
     */
    public static void untilHeard(ChatClient speaker, String line, LineInbox listener, String heard) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            speaker.send(line);
            try {
                listener.await(heard::equals, Duration.ofMillis(300));
                break;
            } catch (ChatException notYet) {
                assertThat(System.nanoTime()).as("the other server never heard \"%s\"", line).isLessThan(deadline);
            }
        }
        Thread.sleep(500);
        listener.drain();
    }
}
