package dev.linechat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A listener that keeps a connection's lines for a program that reads them in turn: a script, a
 * bot, a test. Give it to a {@link ChatClient} and wait for the answers you expect:
 *
 * <pre>{@code
 * LineInbox inbox = new LineInbox();
 * try (ChatClient client = ChatClient.builder().port(5000).listener(inbox).connect()) {
 *     client.send("/nick robot");
 *     inbox.await(line -> line.endsWith("is now known as robot"), Duration.ofSeconds(5));
 *     client.send("BYE");
 *     inbox.awaitClose(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>It is meant for one connection; lines wait in memory until they are read. Its methods may be
 * called from any thread but the connection's own I/O thread, which they would block.
 */
public final class LineInbox implements ChatListener {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private CloseReason closeReason;

    /** Creates an empty inbox. */
    public LineInbox() {
    }

    @Override
    public void onLine(ChatSession session, String line) {
        lock.lock();
        try {
            lines.add(line);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onClosed(ChatSession session, CloseReason reason) {
        lock.lock();
        try {
            closeReason = reason;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next line, waiting for it if none is there yet.
     *
     * @param timeout how long to wait at most
     * @return the line
     * @throws ChatException if no line arrives in time, or the connection closes first
     */
    public String next(Duration timeout) {
        return await(line -> true, timeout);
    }

    /**
     * Takes lines until one matches, waiting for more as needed; the lines before it are dropped.
     *
     * @param match what the awaited line looks like
     * @param timeout how long to wait at most, in all
     * @return the matching line
     * @throws ChatException if no matching line arrives in time, or the connection closes first; it
     *     names the last line dropped, to help see what came instead
     */
    public String await(Predicate<? super String> match, Duration timeout) {
        Objects.requireNonNull(match, "match");
        long deadline = System.nanoTime() + timeout.toNanos();
        String dropped = null;
        lock.lock();
        try {
            while (true) {
                while (!lines.isEmpty()) {
                    String line = lines.poll();
                    if (match.test(line)) {
                        return line;
                    }
                    dropped = line;
                }
                String instead = dropped == null ? "" : " (the last line was \"" + dropped + "\")";
                if (closeReason != null) {
                    throw new ChatException("the connection closed (" + closeReason + ") before the line awaited" + instead, null);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ChatException("the line awaited did not arrive within " + describe(timeout) + instead, null);
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException("interrupted while awaiting a line", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes every line that has arrived and not been read, without waiting.
     *
     * @return the lines, oldest first; empty if there are none
     */
    public List<String> drain() {
        lock.lock();
        try {
            List<String> all = new ArrayList<>(lines);
            lines.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the connection to close; unread lines stay in the inbox.
     *
     * @param timeout how long to wait at most
     * @return why the connection closed
     * @throws ChatException if it is still open when the time is up
     */
    public CloseReason awaitClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (closeReason == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ChatException("the connection was still open after " + describe(timeout), null);
                }
                changed.awaitNanos(left);
            }
            return closeReason;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException("interrupted while awaiting the close", e);
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
