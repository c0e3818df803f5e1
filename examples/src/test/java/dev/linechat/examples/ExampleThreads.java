package dev.linechat.examples;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;

/** Proves that an example, once closed, leaves no I/O thread behind. */
final class ExampleThreads {

    /** The names of the threads that chat-core's own handles start. */
    static final String[] CHAT = {"chat-server", "chat-client"};

    private ExampleThreads() {
    }

    /** Waits up to five seconds for every thread whose name starts with one of the prefixes to end. */
    static void assertNoneAlive(String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive;
        while (!(alive = alive(prefixes)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("threads still alive after the example was closed: " + alive);
            }
            Thread.sleep(20); // a terminated event loop's thread may take a moment to end
        }
    }

    private static List<String> alive(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> Arrays.stream(prefixes).anyMatch(name::startsWith))
                .sorted()
                .toList();
    }
}
