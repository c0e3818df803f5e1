package dev.linechat.examples;

import dev.linechat.ChatListener;
import dev.linechat.ChatServer;
import dev.linechat.ChatSession;

/**
 * An echo bot: a chat server that answers every line with the same line.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am test-compile exec:java -Dexample=EchoBot}, then talk
 * to it with {@code ./chat connect --port 5001}.
 */
public final class EchoBot {

    private EchoBot() {
    }

    /**
     * Starts the bot and serves until the process is stopped.
     *
     * @param args an optional port (default 5001)
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5001;
        try (ChatServer server = start(port)) {
            System.out.println("Echo bot listening on port " + server.port());
            server.awaitClose();
        }
    }

    /**
     * Starts an echo bot on 127.0.0.1.
     *
     * @param port the port, or 0 for any free one
     * @return the running server; close it to stop the bot
     */
    public static ChatServer start(int port) {
        ChatListener echo = new ChatListener() {
            @Override
            public void onLine(ChatSession from, String line) {
                from.send(line);
            }
        };
        return ChatServer.builder().port(port).listener(echo).start();
    }
}
