package dev.linechat.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;

/** Proves that closed handles leave no I/O thread behind. */
public final class ChatThreads {

    /** The prefixes of the names of the threads chat-core's own handles start. */
    public static final String[] CHAT = {"chat-server", "chat-client"};

    private ChatThreads() {
    }

    /** Waits up to five seconds for every thread whose name starts with one of the prefixes to end. */
    public static void assertNoneAlive(String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive;
        while (!(alive = aliveThreads(prefixes)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("chat threads still alive after the handles were closed: " + alive);
            }
            Thread.sleep(20);
        }
    }

    private static List<String> aliveThreads(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> Arrays.stream(prefixes).anyMatch(name::startsWith))
                .sorted()
                .toList();
    }
}
