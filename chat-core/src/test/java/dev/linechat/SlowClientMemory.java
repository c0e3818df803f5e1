package dev.linechat;

import java.util.function.UnaryOperator;

/**
 * Measures the slow-client policy: a room with two readers, one client that never reads and a fast
 * sender, first with the policy's defaults and then, for comparison, with limits so high that nothing
 * is ever dropped (after a first run that warms the JVM up), both with the sender at most 500 lines
 * ahead of the readers; last with the policy and a sender that is not held back at all. Prints heap
 * and direct memory before, at the peak and after each run.
 *
 * <pre>
 * ./mvnw -q -pl chat-core test-compile exec:exec -Dexec.skip=false -Dexec.executable=java \
 *     -Dexec.classpathScope=test -Dexec.args="-cp %classpath dev.linechat.SlowClientMemory 200000 200"
 * </pre>
 *
 * <p>Arguments: the number of lines (200000) and their length in bytes with the terminator (200).
 */
public final class SlowClientMemory {

    private SlowClientMemory() {
    }

    /**
     * Runs both measurements and prints the figures.
     *
     * @param args the number of lines and their length, both optional
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int lineBytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String with = "with the slow-client policy (64 KiB high-water mark, disconnect after 1 MiB dropped)";
        UnaryOperator<ChatServer.Builder> off = builder -> builder
                .writeBufferWaterMarks(Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2)
                .maxDroppedBytes(Long.MAX_VALUE);
        int window = 500;
        measure("warming up, " + with, lines, lineBytes, window, UnaryOperator.identity());
        measure(with + ", sender at most " + window + " lines ahead of the readers", lines, lineBytes, window,
                UnaryOperator.identity());
        measure("without it (limits so high that nothing is dropped), sender paced the same", lines, lineBytes,
                window, off);
        measure(with + ", sender not paced", lines, lineBytes, Integer.MAX_VALUE, UnaryOperator.identity());
    }

    private static void measure(String what, int lines, int lineBytes, int window,
            UnaryOperator<ChatServer.Builder> configure) throws Exception {
        System.out.println(what + ":");
        System.out.println("  " + SlowClientScenario.run(lines, lineBytes, window, configure).report());
        System.out.flush();
    }
}
