package dev.linechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linechat.ChatClient;
import dev.linechat.ChatException;
import dev.linechat.LineInbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

    /**
     * Has one member of each server say hello until one member of every other server has heard it,
     * all servers at once, then forgets the retries still on their way. The other members of each
     * server hear the hellos too: drain their inboxes afterwards.
     *
     * @param speakers how one member of each server says a line: a client's {@code send}, or a socket's
     * @param listeners the inbox of another member of each server, in the order of {@code speakers}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void untilAllHear(List<Consumer<String>> speakers, List<LineInbox> listeners) throws InterruptedException {
        int servers = speakers.size();
        boolean[][] heard = new boolean[servers][servers]; // [speaker's server][listener's server]
        for (int i = 0; i < servers; i++) {
            heard[i][i] = true;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!unheard(heard).isEmpty()) {
            for (int i = 0; i < servers; i++) {
                if (!heardByAll(heard[i])) {
                    speakers.get(i).accept(hello(i));
                }
            }
            long retry = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() < retry && !unheard(heard).isEmpty()) {
                Thread.sleep(20);
                for (int j = 0; j < servers; j++) {
                    for (String line : listeners.get(j).drain()) {
                        for (int i = 0; i < servers; i++) {
                            heard[i][j] |= line.endsWith("> " + hello(i));
                        }
                    }
                }
            }
            List<String> missing = unheard(heard);
            assertThat(missing.isEmpty() || System.nanoTime() < deadline).as("never heard: %s", missing).isTrue();
        }
        Thread.sleep(500);
        listeners.forEach(LineInbox::drain);
    }

    private static String hello(int server) {
        return "hello from server " + server;
    }

    private static boolean heardByAll(boolean[] byListener) {
        for (boolean heard : byListener) {
            if (!heard) {
                return false;
            }
        }
        return true;
    }

    /** Describes the pairs not heard yet, such as "server 2 by server 0". */
    private static List<String> unheard(boolean[][] heard) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < heard.length; i++) {
            for (int j = 0; j < heard.length; j++) {
                if (!heard[i][j]) {
                    pairs.add("server " + i + " by server " + j);
                }
            }
        }
        return pairs;
    }
}
