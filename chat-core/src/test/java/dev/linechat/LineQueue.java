package dev.linechat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.linechat.internal.Addresses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Queues the lines one chat connection receives, for a test thread to take with a timeout. */
final class LineQueue implements ChatListener {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @Override
    public void onLine(ChatSession session, String line) {
        lines.add(line);
    }

    /** Takes the next line, failing if none arrives within five seconds. */
    String next() throws InterruptedException {
        String line = lines.poll(5, SECONDS);
        assertNotNull(line, "no line within 5 seconds");
        return line;
    }

    /** Takes the lines received so far; once the connection's close future is done, that is all of them. */
    List<String> rest() {
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        return rest;
    }

    /** The address a client connects from, as the server sees it. */
    static String localAddressOf(ChatClient client) {
        InetSocketAddress local = (InetSocketAddress) client.session().channel().localAddress();
        return Addresses.format(local);
    }
}
