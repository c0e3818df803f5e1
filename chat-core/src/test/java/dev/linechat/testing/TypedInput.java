package dev.linechat.testing;

import java.io.InterruptedIOException;
import java.io.Reader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stands in for the keyboard or a pipe: the test types lines, the command's console reads them. */
public final class TypedInput extends Reader {

    private final StringBuilder pending = new StringBuilder();
    private boolean ended;
    private boolean endSeen;
    private boolean readerWaiting;

    /** Types one line and Enter. */
    public synchronized void type(String line) {
        if (ended) {
            throw new IllegalStateException("the input has ended");
        }
        pending.append(line).append('\n');
        notifyAll();
    }

    /** Ends the input, as Ctrl-D or the end of a piped file does. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    /**
     * Waits until the console has taken every typed line and handed it on: it is waiting for more,
     * or it has seen the end of the input.
     */
    public synchronized void awaitTaken(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.length() > 0 || !(readerWaiting || endSeen)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the console did not take the typed lines within " + timeout
                        + "; still pending: " + pending);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public synchronized int read(char[] buffer, int offset, int length) throws InterruptedIOException {
        if (length == 0) {
            return 0;
        }
        try {
            while (pending.length() == 0 && !ended) {
                readerWaiting = true; // everything typed so far has been read and handed on
                notifyAll();
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        } finally {
            readerWaiting = false;
        }
        if (pending.length() == 0) {
            endSeen = true;
            notifyAll();
            return -1;
        }
        int count = Math.min(length, pending.length());
        pending.getChars(0, count, buffer, offset);
        pending.delete(0, count);
        return count;
    }

    @Override
    public void close() {
        // like System.in: the console never closes it
    }
}
