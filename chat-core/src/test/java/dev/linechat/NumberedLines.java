package dev.linechat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** Numbered lines sent by several clients at once, and the check that each sender's arrive in order. */
final class NumberedLines {

    private NumberedLines() {
    }

    /** Each client sends {@code 0} to {@code count - 1}, one line each, all clients at the same time. */
    static void sendConcurrently(List<ChatClient> clients, int count) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(clients.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> sent = new ArrayList<>();
            for (ChatClient client : clients) {
                sent.add(senders.submit(() -> {
                    assertTrue(go.await(5, SECONDS));
                    for (int i = 0; i < count; i++) {
                        client.send(Integer.toString(i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> done : sent) {
                done.get(5, SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * Takes {@code count} lines from each expected sender off the queue and checks that every sender's
     * numbers arrived exactly once and in order. {@code shape} finds the sender (group 1) and the
     * number (group 2) in a line.
     */
    static void assertEachSenderInOrder(LineQueue queue, Pattern shape, List<String> senders, int count)
            throws InterruptedException {
        Map<String, List<Integer>> bySender = new LinkedHashMap<>();
        senders.forEach(sender -> bySender.put(sender, new ArrayList<>()));
        for (int i = 0; i < senders.size() * count; i++) {
            String line = queue.next();
            Matcher m = shape.matcher(line);
            assertTrue(m.matches(), () -> "unexpected line: " + line);
            List<Integer> numbers = bySender.get(m.group(1));
            assertTrue(numbers != null, () -> "line from an unexpected sender: " + line);
            numbers.add(Integer.parseInt(m.group(2)));
        }
        List<Integer> expected = IntStream.range(0, count).boxed().toList();
        bySender.forEach((sender, numbers) -> assertEquals(expected, numbers, "lines of " + sender));
    }
}
