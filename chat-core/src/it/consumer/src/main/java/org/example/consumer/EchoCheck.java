package org.example.consumer;

import dev.linechat.ChatClient;
import dev.linechat.ChatListener;
import dev.linechat.ChatServer;
import dev.linechat.ChatSession;
import dev.linechat.ServerMode;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts an echo server, connects a client, and checks that a line comes back. Exits with 0 and
 * prints one line naming where chat-core was loaded from (class path or module path), or exits
 * with 1.
 */
public final class EchoCheck {

    private static final String LINE = "hello from outside";

    public static void main(String[] args) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ChatListener collector = new ChatListener() {
            @Override
            public void onLine(ChatSession from, String line) {
                received.add(line); // on the client's I/O thread: hand it over, don't wait
            }
        };
        String echo;
        try (ChatServer server = ChatServer.builder().port(0).mode(ServerMode.ECHO).start();
             ChatClient client = ChatClient.builder().port(server.port()).listener(collector).connect()) {
            client.send(LINE);
            echo = received.poll(10, TimeUnit.SECONDS);
        }
        if (!LINE.equals(echo)) {
            System.err.println("expected the echo of '" + LINE + "', got " + (echo == null ? "nothing" : "'" + echo + "'"));
            System.exit(1);
        }
        Module core = ChatServer.class.getModule();
        String where = core.isNamed() ? "the module path, as module " + core.getName() : "the class path";
        System.out.println("ECHO OK with chat-core on " + where);
    }
}
