package dev.linechat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Queues every listener call, in order, for a test thread to take with a timeout. Each {@code next…}
 * method takes the next event and fails unless it is of the expected kind, so a test that expects
 * "connected, line, closed" also proves nothing else happened in between.
 */
class RecordingListener implements ChatListener {

    /** One listener call. {@code detail} is the line, the limit or the close reason. */
    record Event(String kind, ChatSession session, Object detail) {
        @Override
        public String toString() {
            return kind + " " + session + (detail == null ? "" : " " + detail);
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onConnected(ChatSession session) {
        events.add(new Event("connected", session, null));
    }

    @Override
    public void onLine(ChatSession session, String line) {
        events.add(new Event("line", session, line));
    }

    @Override
    public void onLineTooLong(ChatSession session, int maxLineLength) {
        events.add(new Event("too-long", session, maxLineLength));
    }

    @Override
    public void onClosed(ChatSession session, CloseReason reason) {
        events.add(new Event("closed", session, reason));
    }

    /** Takes the next event if one has happened already, or returns null. */
    Event poll() {
        return events.poll();
    }

    Event next(String kind) throws InterruptedException {
        Event event = events.poll(5, SECONDS);
        assertNotNull(event, "no " + kind + " event within 5 seconds");
        assertEquals(kind, event.kind(), () -> "expected " + kind + " but got " + event);
        return event;
    }

    ChatSession nextConnected() throws InterruptedException {
        return next("connected").session();
    }

    String nextLine() throws InterruptedException {
        return (String) next("line").detail();
    }

    int nextLineTooLong() throws InterruptedException {
        return (Integer) next("too-long").detail();
    }

    CloseReason nextClosed() throws InterruptedException {
        return (CloseReason) next("closed").detail();
    }
}
