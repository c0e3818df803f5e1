package dev.linechat.examples;

import dev.linechat.ChatClient;
import dev.linechat.ChatException;
import dev.linechat.CloseReason;
import dev.linechat.LineInbox;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A scripted client, talking to a room the way a test or a bot does: it sends a line, waits for the
 * answer it expects, and goes on. A {@link LineInbox} keeps the lines that arrive until the script
 * asks for them. The script joins the room, takes a name, asks who is there, whispers to itself,
 * greets the room and leaves, printing what it sends ({@code >}) and the answers ({@code <}).
 *
 * <p>Start a room ({@link RoomServer}, or {@code ./chat serve --mode room --port 5002}), then run
 * {@code ./mvnw -q -pl examples -am test-compile exec:java -Dexample=ScriptedClient -Dexec.args="127.0.0.1 5002 robot"}
 * (host, port and name; by default 127.0.0.1, 5002 and robot). If the server is not there or
 * the script does not get its answers, it prints one line saying why and exits with 1.
 */
public final class ScriptedClient {

    /** How long the script waits for each answer. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private ScriptedClient() {
    }

    /**
     * Runs the script and exits with 1 if it fails, 2 for a usage error.
     *
     * @param args {@code [HOST [PORT [NAME]]]}
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the script against the room the arguments name.
     *
     * @param args {@code [HOST [PORT [NAME]]]}
     * @param out receives the conversation
     * @param err receives one line if the script fails
     * @return the exit code: 0 if the script went through, 1 if it failed, 2 for a usage error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        String name = args.length > 2 ? args[2] : "robot";
        int port;
        try {
            port = args.length > 1 ? Integer.parseInt(args[1]) : 5002;
        } catch (NumberFormatException e) {
            err.println("ScriptedClient: not a port: " + args[1]);
            err.println("usage: ScriptedClient [HOST [PORT [NAME]]]");
            return 2;
        }
        try {
            script(host, port, name, out);
            return 0;
        } catch (ChatException e) {
            err.println("ScriptedClient: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Joins the room at {@code host:port}, goes through the script and leaves.
     *
     * @param host the room's host
     * @param port the room's port
     * @param name the name to take in the room
     * @param out receives the conversation, a line for each line sent and each answer
     * @throws ChatException if the room cannot be reached, refuses a line or does not answer in time
     */
    public static void script(String host, int port, String name, PrintStream out) {
        LineInbox inbox = new LineInbox();
        try (ChatClient client = ChatClient.builder().host(host).port(port).listener(inbox).connect()) {
            out.println("< " + expect(inbox, "welcome (is it a room?)", line -> line.startsWith("* welcome, ")));
            ask(client, inbox, out, "/nick " + name, line -> line.endsWith(" is now known as " + name));
            ask(client, inbox, out, "/who", line -> line.matches("\\* \\d+ members?: .*"));
            ask(client, inbox, out, "/msg " + name + " are you there?", line -> line.equals("*" + name + "* are you there?"));
            say(client, out, "Hello, room! I am a script.");
            say(client, out, "BYE");
            CloseReason reason = inbox.awaitClose(PATIENCE);
            out.println("closed: " + reason);
        }
    }

    /** Sends a line and waits for its answer; an {@code ERROR} line instead fails the script. */
    private static void ask(ChatClient client, LineInbox inbox, PrintStream out, String line, Predicate<String> answer) {
        say(client, out, line);
        String reply = expect(inbox, "answer to " + line, answer.or(ScriptedClient::isError));
        if (isError(reply)) {
            throw new ChatException("the room answered " + line + " with " + reply, null);
        }
        out.println("< " + reply);
    }

    private static void say(ChatClient client, PrintStream out, String line) {
        out.println("> " + line);
        client.send(line);
    }

    /** Waits for a line; lines that come before it (what other members say) are passed over. */
    private static String expect(LineInbox inbox, String what, Predicate<String> match) {
        try {
            return inbox.await(match, PATIENCE);
        } catch (ChatException e) {
            throw new ChatException("no " + what + ": " + e.getMessage(), e);
        }
    }

    private static boolean isError(String line) {
        return line.startsWith("ERROR");
    }
}
