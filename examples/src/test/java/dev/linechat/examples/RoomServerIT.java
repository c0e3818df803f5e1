package dev.linechat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linechat.ChatClient;
import dev.linechat.ChatServer;
import dev.linechat.LineInbox;
import dev.linechat.testing.ChatThreads;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomServerIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pattern TWO_DICE = Pattern.compile("\\* alice rolled 2d6: ([1-6]) ([1-6]) \\((\\d+)\\)");

    private final BlockingQueue<String> transcript = new LinkedBlockingQueue<>();
    private final LineInbox alice = new LineInbox();
    private final LineInbox bob = new LineInbox();

    @AfterEach
    void leavesNoThreads() throws InterruptedException {
        ChatThreads.assertNoneAlive(ChatThreads.CHAT);
    }

    @Test
    void announcesARollToEveryMemberAndTheTranscript() throws Exception {
        try (ChatServer room = RoomServer.start(0, transcript::add);
                ChatClient a = join(room, alice);
                ChatClient b = join(room, bob)) {
            a.send("/nick alice");
            bob.await(line -> line.endsWith(" is now known as alice"), WAIT);

            a.send("/roll 2d6");
            String rolled = bob.next(WAIT);
            assertThat(alice.await(line -> line.startsWith("* alice rolled"), WAIT)).isEqualTo(rolled);
            Matcher dice = TWO_DICE.matcher(rolled);
            assertThat(dice.matches()).as(rolled).isTrue();
            assertThat(Integer.parseInt(dice.group(3)))
                    .isEqualTo(Integer.parseInt(dice.group(1)) + Integer.parseInt(dice.group(2)));
            awaitInTranscript(rolled);

            a.send("/roll");
            assertThat(bob.next(WAIT)).matches("\\* alice rolled 1d6: ([1-6]) \\(\\1\\)");
        }
    }

    @Test
    void refusesBadDiceToTheCallerAlone() {
        try (ChatServer room = RoomServer.start(0, transcript::add);
                ChatClient a = join(room, alice);
                ChatClient b = join(room, bob)) {
            alice.await(line -> line.endsWith(" joined"), WAIT);
            for (String dice : new String[] {"two", "0d6", "21d6", "2d1", "2d1001", "d6", "2d", "2d6x", "99999999999d6"}) {
                a.send("/roll " + dice);
                assertThat(alice.next(WAIT)).as(dice)
                        .isEqualTo("ERROR usage: /roll NdM, N dice (1 to 20) with M sides (2 to 1000), such as /roll 2d6");
            }

            a.send("/roll 20D1000");
            // The first line bob hears after his welcome: none of the refusals reached him.
            assertThat(bob.next(WAIT)).matches("\\* user1 rolled 20d1000: (\\d{1,4} ){19}\\d{1,4} \\(\\d+\\)");
        }
    }

    @Test
    void tellsTheUptimeToTheCallerAloneAndListsItsCommandsInHelp() {
        try (ChatServer room = RoomServer.start(0, transcript::add);
                ChatClient a = join(room, alice);
                ChatClient b = join(room, bob)) {
            alice.await(line -> line.endsWith(" joined"), WAIT);
            a.send("/uptime");
            assertThat(alice.next(WAIT)).matches("\\* up 0:00:0\\d, 2 members");
            a.send("/help");
            assertThat(alice.next(WAIT)).endsWith("; this room also has /roll, /uptime");

            a.send("hello");
            assertThat(bob.next(WAIT)).isEqualTo("<user1> hello");
            assertThat(transcript).noneMatch(line -> line.startsWith("* up "));
        }
    }

    /** Connects and waits for the welcome: from then on the member hears everything said in the room. */
    private static ChatClient join(ChatServer room, LineInbox inbox) {
        ChatClient client = ChatClient.builder().port(room.port()).listener(inbox).connect();
        inbox.await(line -> line.startsWith("* welcome, "), WAIT);
        return client;
    }

    /** The transcript hears a line after its members: it may still be on its way. */
    private void awaitInTranscript(String line) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String seen;
        while ((seen = transcript.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
            if (seen.equals(line)) {
                return;
            }
        }
        throw new AssertionError("not in the transcript within " + WAIT + ": " + line);
    }
}
