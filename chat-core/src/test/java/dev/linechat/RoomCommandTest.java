package dev.linechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.linechat.internal.Room;
import dev.linechat.internal.RoomHandler;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

/** An application's own room commands, as members reach them. */
class RoomCommandTest {

    private final List<String> transcript = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, RoomCommand> commands = new LinkedHashMap<>();
    private final SessionHandler sessionHandler = new SessionHandler(ChatListener.NONE, new ConcurrentSkipListMap<>(), true);
    private RoomHandler roomHandler;
    private int nextPort = 40001;

    RoomCommandTest() {
        commands.put("roll", call -> {
            arguments.add(call.argument());
            call.announce("* " + call.caller() + " rolled " + call.argument());
        });
        commands.put("whoami", call -> call.reply("* you are " + call.caller() + " (#" + call.session().id() + ")"));
        commands.put("count", call -> call.reply("* " + call.members().size() + " here: " + String.join(" ", call.members())));
        commands.put("broken", call -> {
            throw new IllegalStateException("out of dice");
        });
    }

    private EmbeddedClient member() throws Exception {
        if (roomHandler == null) {
            roomHandler = new RoomHandler(new Room(LineEncoder.UTF_8, new UnpooledByteBufAllocator(false), transcript::add, commands, true, null));
        }
        EmbeddedClient ch = EmbeddedClient.connect(new InetSocketAddress("127.0.0.1", nextPort++), p -> {
            ChatPipelines.server(p, sessionHandler);
            p.addLast("chat-mode", roomHandler);
        });
        ch.lines(); // the welcome
        return ch;
    }

    /** The first leaves, the second hears it and leaves too; nothing else is left unread. */
    private static void leave(EmbeddedClient first, EmbeddedClient second) {
        assertFalse(first.finish());
        assertThat(second.lines()).singleElement().asString().endsWith(" left");
        assertFalse(second.finish());
    }

    @Test
    void runsTheCommandWithItsArgumentAndAnnouncesToEveryoneTheCallerIncluded() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.lines(); // bob joined
        transcript.clear();

        alice.type("/roll   2d6  \n");
        assertEquals(List.of("* user1 rolled 2d6"), alice.lines());
        assertEquals(List.of("* user1 rolled 2d6"), bob.lines());
        assertEquals(List.of("* user1 rolled 2d6"), transcript);
        bob.type("/roll\n");
        assertEquals(List.of("2d6", ""), arguments);
        assertEquals(List.of("* user2 rolled "), alice.lines());
        assertEquals(List.of("* user2 rolled "), bob.lines());
        leave(bob, alice);
    }

    @Test
    void repliesToTheCallerAloneAndSeesTheMembersByTheirCurrentNames() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.lines();
        bob.type("/nick bob\n");
        assertEquals(List.of("* user2 is now known as bob"), alice.lines());
        bob.lines();

        bob.type("/whoami\n");
        bob.type("/count\n");
        assertEquals(List.of("* you are bob (#2)", "* 2 here: user1 bob"), bob.lines());
        assertEquals(List.of(), alice.lines());
        leave(bob, alice);
    }

    @Test
    void aFailingCommandTellsTheCallerAndTheOperatorAndKeepsTheConnection() throws Exception {
        EmbeddedClient alice = member();
        transcript.clear();
        alice.type("/broken now\n");
        assertEquals(List.of("ERROR /broken failed"), alice.lines());
        assertThat(transcript).singleElement().asString()
                .isEqualTo("* /broken failed for user1: java.lang.IllegalStateException: out of dice");
        alice.type("/whoami\n");
        assertEquals(List.of("* you are user1 (#1)"), alice.lines());
        assertFalse(alice.finish());
    }

    @Test
    void helpListsTheRoomsOwnCommandsAfterTheBuiltInOnes() throws Exception {
        EmbeddedClient alice = member();
        alice.type("/help\n");
        assertEquals(List.of(Room.HELP + "; this room also has /roll, /whoami, /count, /broken"), alice.lines());
        alice.type("/rolls\n");
        assertEquals(List.of("ERROR unknown command /rolls; /help lists the commands"), alice.lines());
        alice.type("//roll\n"); // escaped: a line for the others, not a command
        assertEquals(List.of("<user1> /roll"), transcript.subList(transcript.size() - 1, transcript.size()));
        assertEquals(List.of(), arguments);
        assertFalse(alice.finish());
    }
}
