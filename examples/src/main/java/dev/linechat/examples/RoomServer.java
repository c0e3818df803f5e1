package dev.linechat.examples;

import dev.linechat.ChatServer;
import dev.linechat.RoomCommand;
import dev.linechat.ServerMode;
import dev.linechat.console.Signals;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A chat room embedded in an application, with two commands of the application's own:
 * {@code /roll 2d6} throws dice for the whole room to see, {@code /uptime} tells the caller alone
 * how long the room has been open. The room's public lines are printed, as an operator would see
 * them.
 *
 * <p>Run it with
 * {@code ./mvnw -q -pl examples -am test-compile exec:java -Dexample=RoomServer} (add
 * {@code -Dexec.args=PORT} for a port other than 5002), join from two terminals with
 * {@code ./chat connect --port 5002} and type {@code /roll 2d6}. Ctrl-C closes the room, and its
 * members hear the farewell.
 */
public final class RoomServer {

    /** The most dice one {@code /roll} throws. */
    static final int MAX_DICE = 20;
    /** The most sides a die may have. */
    static final int MAX_SIDES = 1000;

    // At most 3 and 4 digits: anything longer is out of range anyway, and never overflows an int.
    private static final Pattern DICE = Pattern.compile("(\\d{1,3})d(\\d{1,4})", Pattern.CASE_INSENSITIVE);

    private RoomServer() {
    }

    /**
     * Opens the room and serves until the process is stopped.
     *
     * @param args an optional port (default 5002)
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5002;
        try (ChatServer room = start(port, System.out::println)) {
            System.out.println("Room server listening on " + room.address().getHostString() + ":" + room.port());
            Signals.onStop(room::closeAsync); // instead of the JVM's abrupt exit: members get the farewell
            room.awaitClose();
        }
    }

    /**
     * Opens a room with the {@code /roll} and {@code /uptime} commands on 127.0.0.1.
     *
     * @param port the port, or 0 for any free one
     * @param transcript receives the room's public lines; called on I/O threads, so it must be quick
     * @return the running server; close it to close the room
     */
    public static ChatServer start(int port, Consumer<String> transcript) {
        Instant opened = Instant.now();
        return ChatServer.builder()
                .port(port)
                .mode(ServerMode.ROOM)
                .operator(transcript)
                .command("roll", RoomServer::roll)
                .command("uptime", call -> call.reply("* up " + since(opened) + ", " + count(call.members().size())))
                .start();
    }

    /** {@code /roll NdM} throws N dice with M sides each ({@code /roll} alone, one six-sided die). */
    static void roll(RoomCommand.Call call) {
        Matcher dice = DICE.matcher(call.argument().isEmpty() ? "1d6" : call.argument());
        int count = dice.matches() ? Integer.parseInt(dice.group(1)) : 0;
        int sides = dice.matches() ? Integer.parseInt(dice.group(2)) : 0;
        if (count < 1 || count > MAX_DICE || sides < 2 || sides > MAX_SIDES) {
            call.reply("ERROR usage: /roll NdM, N dice (1 to " + MAX_DICE + ") with M sides (2 to " + MAX_SIDES
                    + "), such as /roll 2d6");
            return;
        }
        // Commands run on several I/O threads at once: each thread has its own generator.
        int[] faces = ThreadLocalRandom.current().ints(count, 1, sides + 1).toArray();
        String shown = Arrays.stream(faces).mapToObj(Integer::toString).collect(Collectors.joining(" "));
        call.announce("* " + call.caller() + " rolled " + count + "d" + sides + ": " + shown
                + " (" + Arrays.stream(faces).sum() + ")");
    }

    private static String since(Instant opened) {
        long seconds = Duration.between(opened, Instant.now()).toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static String count(int members) {
        return members == 1 ? "1 member" : members + " members";
    }
}
