package dev.linechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.internal.Room;
import dev.linechat.internal.RoomHandler;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.LineEncoder;
import dev.linechat.pipeline.OverlongLineHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The room mode as {@link ChatServer} lays it out, one {@link EmbeddedClient} per member. */
class RoomModeTest {

    private static final String WELCOME = "* welcome, %s; /help lists the commands";

    private final List<String> transcript = new ArrayList<>();
    // Heap buffers, so that a test can see whether receivers share one encoding: same backing array.
    private final Room room = new Room(LineEncoder.UTF_8, new UnpooledByteBufAllocator(false), transcript::add);
    private final RoomHandler roomHandler = new RoomHandler(room);
    private final SessionHandler sessionHandler = new SessionHandler(ChatListener.NONE, new ConcurrentSkipListMap<>(), true);
    private final List<EmbeddedClient> present = new ArrayList<>();
    private int nextPort = 40001;

    private EmbeddedClient connect() throws Exception {
        return connect(new InetSocketAddress("127.0.0.1", nextPort++));
    }

    private EmbeddedClient connect(InetSocketAddress from) throws Exception {
        EmbeddedClient ch = EmbeddedClient.connect(from, p -> {
            ChatPipelines.server(p, sessionHandler);
            p.addLast("chat-mode", roomHandler);
            if (undecoded()) {
                p.remove(ChatPipelines.STRING_DECODER);
            }
        });
        present.add(ch);
        return ch;
    }

    /** Whether the lines reach the room as bytes, as they do on a server where no listener wants them as text. */
    boolean undecoded() {
        return false;
    }

    /** A member whose welcome, and its announcement to the others, have been read already. */
    private EmbeddedClient member() throws Exception {
        EmbeddedClient ch = connect();
        assertThat(ch.lines()).singleElement().asString().startsWith("* welcome, ");
        for (EmbeddedClient other : present) {
            if (other != ch) {
                assertThat(other.lines()).singleElement().asString().endsWith(" joined");
            }
        }
        transcript.clear();
        return ch;
    }

    /** Closes every member still present, oldest first; each departure is told to the ones still there. */
    private void closeAll() {
        while (!present.isEmpty()) {
            EmbeddedClient leaving = present.remove(0);
            assertEquals(List.of(), leaving.lines(), "nothing the test did not expect");
            assertFalse(leaving.finish());
            for (EmbeddedClient other : present) {
                assertThat(other.lines()).singleElement().asString().matches("\\* \\S+ left");
            }
        }
    }

    @Test
    void welcomesNewcomerByNameAndAnnouncesItToTheOthersOnly() throws Exception {
        EmbeddedClient alice = connect();
        assertEquals(List.of(String.format(WELCOME, "user1")), alice.lines());
        EmbeddedClient bob = connect();
        assertEquals(List.of(String.format(WELCOME, "user2")), bob.lines());
        assertEquals(List.of("* user2 joined"), alice.lines());
        assertEquals(List.of("* user1 joined", "* user2 joined"), transcript);

        assertFalse(bob.finish());
        assertEquals(List.of("* user2 left"), alice.lines());
        assertEquals("* user2 left", transcript.get(2));
        assertFalse(alice.finish());
        assertEquals(List.of("* user1 joined", "* user2 joined", "* user2 left", "* user1 left"), transcript);
    }

    @Test
    void clientArrivingOnceAnotherIsWelcomedIsNotToldThatOneJoined() throws Exception {
        List<EmbeddedClient> next = new ArrayList<>();
        // The next client connects the moment the first one's welcome goes out, as on a busy server.
        EmbeddedClient first = EmbeddedClient.connect(new InetSocketAddress("127.0.0.1", 40001), p -> {
            p.addFirst(new ChannelOutboundHandlerAdapter() {
                @Override
                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                    boolean welcome = ((ByteBuf) msg).toString(UTF_8).startsWith("* welcome");
                    super.write(ctx, msg, promise);
                    if (welcome) {
                        next.add(RoomModeTest.this.connect(new InetSocketAddress("127.0.0.1", 40002)));
                    }
                }
            });
            ChatPipelines.server(p, sessionHandler);
            p.addLast("chat-mode", roomHandler);
        });
        EmbeddedClient second = next.get(0);
        assertEquals(List.of(String.format(WELCOME, "user1"), "* user2 joined"), first.lines());
        assertEquals(List.of(String.format(WELCOME, "user2")), second.lines());
        assertFalse(second.finish());
        assertEquals(List.of("* user2 left"), first.lines());
        assertFalse(first.finish());
    }

    @Test
    void sendsEachLineToEveryoneElseUnderTheSendersName() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        EmbeddedClient carol = member();
        alice.type("hello\n");
        bob.type("héllo 😀\r\n");
        assertEquals(List.of("<user1> hello", "<user2> héllo 😀"), carol.lines());
        assertEquals(List.of("<user1> hello"), bob.lines());
        assertEquals(List.of("<user2> héllo 😀"), alice.lines());
        assertEquals(List.of("<user1> hello", "<user2> héllo 😀"), transcript);
        closeAll();
    }

    @Test
    void relaysTheLinesOfOneReadAsOneBufferSharedByEveryReceiver() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        EmbeddedClient carol = member();
        alice.lines();
        alice.lines();
        bob.lines();
        alice.type("one\ntwo\nthree\n");
        ByteBuf toBob = bob.readOutbound();
        ByteBuf toCarol = carol.readOutbound();
        try {
            assertEquals("<user1> one\n<user1> two\n<user1> three\n", toBob.toString(UTF_8));
            assertTrue(toBob.hasArray() && toBob.array() == toCarol.array(), "one encoding, shared");
            assertNull(bob.readOutbound(), "one write per receiver for the whole read");
            assertEquals(List.of(), alice.lines());
        } finally {
            toBob.release();
            toCarol.release();
        }
        closeAll();
    }

    @Test
    void aCommandInTheMiddleOfAReadTakesEffectBetweenTheLinesAroundIt() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.lines();
        alice.type("before\n/nick al\nafter\n");
        assertEquals(List.of("<user1> before", "* user1 is now known as al", "<al> after"), bob.lines());
        assertEquals(List.of("* user1 is now known as al"), alice.lines());
        closeAll();
    }

    @Test
    void linesSaidJustBeforeLeavingStillReachTheOthersBeforeTheDeparture() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.lines();
        alice.type("last words\nBYE\n");
        alice.runPendingTasks();
        assertEquals(List.of("<user1> last words", "* user1 left"), bob.lines());
        present.remove(alice);
        alice.lines();
        alice.finish();
        closeAll();
    }

    @Test
    void sendsAnEmptyLineAsAPrefixedEmptyLine() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("\n");
        assertEquals(List.of("<user1> "), bob.lines());
        assertEquals(List.of(), alice.lines());
        closeAll();
    }

    @Test
    void lineSplitAcrossReadsYieldsExactlyOnePrefixedLine() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        byte[] bytes = "hé wörld 😀\r\n".getBytes(UTF_8);
        // Cut everywhere, including inside the multi-byte characters and between CR and LF.
        for (int i = 0; i < bytes.length; i++) {
            alice.typeBytes(Arrays.copyOfRange(bytes, i, i + 1));
            if (i < bytes.length - 1) {
                assertEquals(List.of(), bob.lines(), "nothing before the terminator");
            }
        }
        assertEquals(List.of("<user1> hé wörld 😀"), bob.lines());
        assertEquals(List.of("<user1> hé wörld 😀"), transcript);
        closeAll();
    }

    @Test
    void severalLinesInOneReadYieldOnePrefixedLineEach() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("one\ntwo\r\n\nthree");
        assertEquals(List.of("<user1> one", "<user1> two", "<user1> "), bob.lines());
        alice.type("\n");
        assertEquals(List.of("<user1> three"), bob.lines());
        closeAll();
    }

    @Test
    void doubleSlashSendsALineThatStartsWithASlash() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("//who\n");
        alice.type("//\n");
        assertEquals(List.of("<user1> /who", "<user1> /"), bob.lines());
        assertEquals(List.of(), alice.lines());
        closeAll();
    }

    @Test
    void sayingByeLeavesTheRoomWithoutBeingRepeated() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("see you\nBYE\n");
        assertFalse(alice.isOpen());
        assertEquals(List.of(), alice.lines());
        assertEquals(List.of("<user1> see you", "* user1 left"), bob.lines());
        assertEquals(List.of("<user1> see you", "* user1 left"), transcript);
        present.remove(alice);
        assertFalse(alice.finish());
        closeAll();
    }

    @Test
    void announcesRenameToEveryoneAndUsesTheNewName() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("/nick Alice_ü\n");
        assertEquals(List.of("* user1 is now known as Alice_ü"), alice.lines());
        assertEquals(List.of("* user1 is now known as Alice_ü"), bob.lines());
        alice.type("hi\n");
        assertEquals(List.of("<Alice_ü> hi"), bob.lines());
        assertEquals(List.of("* user1 is now known as Alice_ü", "<Alice_ü> hi"), transcript);
        assertFalse(alice.finish());
        assertEquals(List.of("* Alice_ü left"), bob.lines());
        present.remove(alice);
        closeAll();
    }

    @Test
    void renamingToTheSameNameInAnotherCaseIsAllowed() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("/nick alice\n/nick ALICE\n");
        assertEquals(List.of("* user1 is now known as alice", "* alice is now known as ALICE"), bob.lines());
        assertEquals(List.of("* user1 is now known as alice", "* alice is now known as ALICE"), alice.lines());
        bob.type("/msg alice hi\n");
        assertEquals(List.of("*user2* hi"), alice.lines());
        closeAll();
    }

    @Test
    void refusesANameTakenByAnotherMemberIgnoringCase() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("/nick alice\n");
        assertEquals(List.of("* user1 is now known as alice"), alice.lines());
        assertEquals(List.of("* user1 is now known as alice"), bob.lines());
        transcript.clear();
        bob.type("/nick alice\n/nick ALICE\n/nick Alice\n");
        assertEquals(List.of("ERROR the name alice is taken", "ERROR the name ALICE is taken",
                "ERROR the name Alice is taken"), bob.lines());
        assertEquals(List.of(), alice.lines());
        assertEquals(List.of(), transcript);
        bob.type("still me\n");
        assertEquals(List.of("<user2> still me"), alice.lines());
        closeAll();
    }

    @Test
    void namesFreedByRenameOrDepartureCanBeTakenAgain() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        EmbeddedClient carol = member();
        alice.type("/nick alice\n");
        bob.type("/nick user1\n");
        assertEquals(List.of("* user1 is now known as alice", "* user2 is now known as user1"), carol.lines());
        assertEquals(List.of("* user1 is now known as alice", "* user2 is now known as user1"), alice.lines());
        assertFalse(alice.finish());
        present.remove(alice);
        assertEquals(List.of("* alice left"), carol.lines());
        carol.type("/nick Alice\n");
        assertEquals(List.of("* user1 is now known as alice", "* user2 is now known as user1", "* alice left",
                "* user3 is now known as Alice"), bob.lines());
        assertEquals(List.of("* user3 is now known as Alice"), carol.lines());
        closeAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "SERVER", "Server"})
    void refusesTheServersName(String name) throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("/nick " + name + "\n");
        assertEquals(List.of("ERROR the name " + name + " is taken"), alice.lines());
        assertEquals(List.of(), bob.lines());
        assertEquals(List.of(), transcript);
        closeAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", " lead", "tab\tbed", "bell\u0007", "nbsp\u00a0x", "<bob>", "*bob*",
            "x123456789012345678901234567890123"})
    void refusesAnInvalidNameAndKeepsTheOldOne(String name) throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("/nick " + name + "\n");
        assertThat(alice.lines()).singleElement().asString().startsWith("ERROR a name ");
        assertEquals(List.of(), bob.lines());
        alice.type("unchanged\n");
        assertEquals(List.of("<user1> unchanged"), bob.lines());
        closeAll();
    }

    @Test
    void acceptsANameOfTheLongestLengthCountedInCharacters() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        String longest = "😀".repeat(Room.MAX_NAME_LENGTH); // 64 UTF-16 units, 32 characters
        alice.type("/nick " + longest + "\n");
        assertEquals(List.of("* user1 is now known as " + longest), bob.lines());
        alice.type("/nick " + "a".repeat(Room.MAX_NAME_LENGTH + 1) + "\n");
        assertEquals(List.of("* user1 is now known as " + longest,
                "ERROR a name has at most " + Room.MAX_NAME_LENGTH + " characters"), alice.lines());
        closeAll();
    }

    @Test
    void nickWithoutANameTellsTheUsage() throws Exception {
        EmbeddedClient alice = member();
        alice.type("/nick\n/nick \n");
        assertEquals(List.of("ERROR usage: /nick NAME", "ERROR usage: /nick NAME"), alice.lines());
        closeAll();
    }

    @Test
    void newcomerWhoseNameWasTakenMeanwhileGetsASuffix() throws Exception {
        EmbeddedClient alice = member();
        alice.type("/nick user2\n");
        assertEquals(List.of("* user1 is now known as user2"), alice.lines());
        EmbeddedClient bob = connect();
        assertEquals(List.of(String.format(WELCOME, "user2-2")), bob.lines());
        assertEquals(List.of("* user2-2 joined"), alice.lines());
        closeAll();
    }

    @Test
    void whoListsEveryMemberWithAddressToTheAskerOnly() throws Exception {
        EmbeddedClient alice = member();
        alice.type("/who\n");
        assertEquals(List.of("* 1 member: user1 (127.0.0.1:40001)"), alice.lines());
        EmbeddedClient bob = member();
        EmbeddedClient carol = connect(new InetSocketAddress("::1", 40100));
        assertEquals(List.of(String.format(WELCOME, "user3")), carol.lines());
        bob.type("/nick bob\n");
        assertEquals(List.of("* user3 joined", "* user2 is now known as bob"), alice.lines());
        assertEquals(List.of("* user3 joined", "* user2 is now known as bob"), bob.lines());
        assertEquals(List.of("* user2 is now known as bob"), carol.lines());
        bob.type("/who\n");
        assertEquals(List.of("* 3 members: user1 (127.0.0.1:40001), bob (127.0.0.1:40002), user3 ([::1]:40100)"),
                bob.lines());
        assertEquals(List.of(), alice.lines());
        assertEquals(List.of(), carol.lines());
        assertThat(transcript).noneMatch(line -> line.contains("members"));
        closeAll();
    }

    @Test
    void msgSendsAPrivateLineToOneMemberOnly() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        EmbeddedClient carol = member();
        alice.type("/msg USER2 psst,  two spaces\n");
        assertEquals(List.of("*user1* psst,  two spaces"), bob.lines());
        assertEquals(List.of(), carol.lines());
        assertEquals(List.of(), alice.lines());
        assertEquals(List.of(), transcript);
        closeAll();
    }

    @Test
    void msgToAnUnknownNameIsRefused() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("/msg nobody hello\n/msg server hello\n");
        assertEquals(List.of("ERROR no member is named nobody", "ERROR no member is named server"), alice.lines());
        assertEquals(List.of(), bob.lines());
        closeAll();
    }

    @Test
    void msgToAMemberWhoLeftIsRefused() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        assertFalse(bob.finish());
        present.remove(bob);
        assertEquals(List.of("* user2 left"), alice.lines());
        alice.type("/msg user2 still there?\n");
        assertEquals(List.of("ERROR no member is named user2"), alice.lines());
        closeAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/msg", "/msg user2"})
    void msgWithoutTextTellsTheUsage(String line) throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type(line + "\n");
        assertEquals(List.of("ERROR usage: /msg NAME TEXT"), alice.lines());
        assertEquals(List.of(), bob.lines());
        closeAll();
    }

    @Test
    void helpListsTheCommandsToTheAskerOnly() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("/help\n");
        assertEquals(List.of(Room.HELP), alice.lines());
        assertThat(Room.HELP).contains("/nick", "/who", "/msg", "/help", "BYE", "//");
        assertEquals(List.of(), bob.lines());
        closeAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dance", "/", "/nickname bob", "/ who"})
    void refusesAnUnknownCommand(String line) throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type(line + "\n");
        String command = line.split(" ")[0];
        assertEquals(List.of("ERROR unknown command " + command + "; /help lists the commands"), alice.lines());
        assertEquals(List.of(), bob.lines());
        assertEquals(List.of(), transcript);
        closeAll();
    }

    @Test
    void operatorSpeaksToEveryoneAsTheServer() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        room.operatorSays("hello, room");
        assertEquals(List.of("<" + Room.SERVER_NAME + "> hello, room"), alice.lines());
        assertEquals(List.of("<server> hello, room"), bob.lines());
        assertEquals(List.of("<server> hello, room"), transcript);
        closeAll();
    }

    @Test
    void operatorSpeakingToAnEmptyRoomIsOnlyShownToTheOperator() {
        room.operatorSays("anyone?");
        assertEquals(List.of("<server> anyone?"), transcript);
    }

    @Test
    void operatorWhoListsTheMembersToTheOperatorOnly() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        room.operatorSays("/who");
        assertEquals(List.of("* 2 members: user1 (127.0.0.1:40001), user2 (127.0.0.1:40002)"), transcript);
        assertEquals(List.of(), alice.lines());
        assertEquals(List.of(), bob.lines());
        closeAll();
    }

    @Test
    void broadcastIsEncodedOnceAndItsBufferSharedByEveryReceiver() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        EmbeddedClient carol = member();
        EmbeddedClient dave = member();
        alice.type("shared\n");
        assertNull(alice.readOutbound());
        assertOneEncodingReceivedBy("<user1> shared\n", bob, carol, dave);
        room.operatorSays("also shared");
        assertOneEncodingReceivedBy("<server> also shared\n", alice, bob, carol, dave);
        closeAll();
    }

    /** Each receiver got exactly this one line, in a view of the same memory as the others. */
    private static void assertOneEncodingReceivedBy(String line, EmbeddedClient... receivers) {
        List<ByteBuf> received = new ArrayList<>();
        try {
            for (EmbeddedClient receiver : receivers) {
                ByteBuf buf = receiver.readOutbound();
                assertNotNull(buf);
                received.add(buf);
                assertNull(receiver.readOutbound());
            }
            for (ByteBuf buf : received) {
                assertEquals(line, buf.toString(UTF_8));
                assertTrue(buf.hasArray());
                assertSame(received.get(0).array(), buf.array(), "one encoding for every receiver");
                assertEquals(received.get(0).arrayOffset() + received.get(0).readerIndex(),
                        buf.arrayOffset() + buf.readerIndex());
            }
        } finally {
            received.forEach(ByteBuf::release);
        }
    }

    @Test
    void overlongLineIsRefusedAndNotBroadcast() throws Exception {
        EmbeddedClient alice = member();
        EmbeddedClient bob = member();
        alice.type("x".repeat(9000) + "\nnext\n");
        assertEquals(List.of(OverlongLineHandler.notice(8192)), alice.lines());
        assertEquals(List.of("<user1> next"), bob.lines());
        closeAll();
    }
}
