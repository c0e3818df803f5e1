package dev.linechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.linechat.internal.ConsoleMode;
import dev.linechat.internal.Listeners;
import dev.linechat.internal.Sessions;
import dev.linechat.pipeline.ChatPipelines;
import dev.linechat.pipeline.LineOptions;
import dev.linechat.pipeline.OverlongLineHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

/** The console mode as {@link ChatServer} wires it, one {@link EmbeddedClient} per client. */
class ConsoleModeTest {

    private final List<String> display = new ArrayList<>();
    private final ConcurrentNavigableMap<Long, ChatSession> open = new ConcurrentSkipListMap<>();
    private final ConsoleMode console = new ConsoleMode(display::add, open);
    // One per server, as in ChatServer: it numbers the clients. The console is told first.
    private final SessionHandler sessions = new SessionHandler(Listeners.inOrder(console, ChatListener.NONE), open, false);
    private int nextPort = 40001;

    private EmbeddedClient connect() throws Exception {
        return connect(sessions, new InetSocketAddress("127.0.0.1", nextPort++));
    }

    private static EmbeddedClient connect(SessionHandler sessions, InetSocketAddress from) throws Exception {
        LineOptions shortLines = LineOptions.DEFAULT.withMaxLineLength(32);
        return EmbeddedClient.connect(from, p -> ChatPipelines.server(p, shortLines, sessions));
    }

    @Test
    void showsTheLabsTranscriptWhileASingleClientIsConnected() throws Exception {
        EmbeddedClient client = connect();
        client.type("Hello? Are you there?\n");
        console.operatorSays("Yes, I am.");
        assertEquals(List.of("Yes, I am."), client.lines());
        client.type("BYE\n");
        assertFalse(client.isOpen());
        assertEquals(List.of(), client.lines());
        assertEquals(List.of(
                "Client connected from 127.0.0.1:40001",
                "Client says: Hello? Are you there?",
                "Client says: BYE",
                "Closing connection"), display);
        assertEquals(List.of(), client.passedOn()); // console mode has no handler after the listener
        assertFalse(client.finish());
    }

    @Test
    void namesEachClientByIdAndAddressWhileSeveralAreConnected() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        first.type("from one\n");
        second.type("from two\n");
        second.type("BYE\n");
        assertEquals(List.of(), second.lines());
        first.type("alone again\n");
        assertEquals(List.of(
                "Client connected from 127.0.0.1:40001",
                "Client #2 (127.0.0.1:40002) connected",
                "Client #1 (127.0.0.1:40001) says: from one",
                "Client #2 (127.0.0.1:40002) says: from two",
                "Client #2 (127.0.0.1:40002) says: BYE",
                "Closing connection with client #2",
                "Client says: alone again"), display);
        assertEquals(List.of(), second.passedOn());
        assertEquals(List.of(), first.passedOn());
        assertFalse(second.finish());
        assertFalse(first.finish());
    }

    @Test
    void showsDisconnectsNamingTheClientWhileOthersRemain() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        assertFalse(first.finish());
        assertFalse(second.finish());
        assertEquals(List.of(
                "Client connected from 127.0.0.1:40001",
                "Client #2 (127.0.0.1:40002) connected",
                "Client #1 (127.0.0.1:40001) disconnected",
                "Client disconnected"), display);
    }

    @Test
    void namesTheFirstOfTwoClientsThatLeaveAtTheSameTime() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        // Their I/O threads both take the sessions out of the open ones before either tells the console.
        ChatSession one = open.remove(1L);
        ChatSession two = open.remove(2L);
        console.onClosed(two, CloseReason.PEER_CLOSED);
        console.onClosed(one, CloseReason.BYE_RECEIVED);
        assertEquals(List.of(
                "Client connected from 127.0.0.1:40001",
                "Client #2 (127.0.0.1:40002) connected",
                "Client #2 (127.0.0.1:40002) disconnected",
                "Client says: BYE",
                "Closing connection"), display);
        assertFalse(first.finish());
        assertFalse(second.finish());
        assertEquals(5, display.size(), "told once each");
    }

    @Test
    void operatorLineGoesToEveryClient() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        console.operatorSays("hello all");
        console.operatorSays("");
        assertEquals(List.of("hello all", ""), first.lines());
        assertEquals(List.of("hello all", ""), second.lines());
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @Test
    void addressedOperatorLineGoesToThatClientOnly() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        EmbeddedClient third = connect();
        console.operatorSays("@2 just for you, @1");
        console.operatorSays("@3 ");
        assertEquals(List.of(), first.lines());
        assertEquals(List.of("just for you, @1"), second.lines());
        assertEquals(List.of(""), third.lines());
        assertFalse(first.finish());
        assertFalse(second.finish());
        assertFalse(third.finish());
    }

    @Test
    void addressingAClientThatIsNotConnectedTellsTheOperator() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        assertFalse(second.finish());
        display.clear();
        console.operatorSays("@2 are you there?");
        console.operatorSays("@99 anyone?");
        assertEquals(List.of("(no client #2 is connected)", "(no client #99 is connected)"), display);
        assertEquals(List.of(), first.lines());
        assertFalse(first.finish());
    }

    @Test
    void lineThatOnlyLooksAddressedGoesToEveryone() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        console.operatorSays("@2");
        console.operatorSays("@x hi");
        console.operatorSays("mail me @2 ok");
        assertEquals(List.of("@2", "@x hi", "mail me @2 ok"), first.lines());
        assertEquals(List.of("@2", "@x hi", "mail me @2 ok"), second.lines());
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @Test
    void holdsLinesTypedWhileNobodyIsConnectedForTheNextClientOnly() throws Exception {
        console.operatorSays("first");
        console.operatorSays("second");
        assertEquals(List.of(), display);
        EmbeddedClient early = connect();
        assertEquals(List.of("first", "second"), early.lines());
        EmbeddedClient late = connect();
        assertEquals(List.of(), late.lines());
        assertFalse(early.finish());
        assertFalse(late.finish());
        console.operatorSays("third");
        EmbeddedClient next = connect();
        assertEquals(List.of("third"), next.lines());
        assertFalse(next.finish());
    }

    @Test
    void keepsHeldLinesAheadOfOneTypedWhileTheNextClientIsArriving() throws Exception {
        console.operatorSays("held");
        // Told before the console, as if the operator typed while the client was already open but
        // not yet welcomed: a race between the operator's thread and the client's I/O thread.
        ChatListener typesMeanwhile = new ChatListener() {
            @Override
            public void onConnected(ChatSession session) {
                console.operatorSays("typed meanwhile");
            }
        };
        SessionHandler racing = new SessionHandler(Listeners.inOrder(typesMeanwhile, console), open, false);
        EmbeddedClient client = connect(racing, new InetSocketAddress("127.0.0.1", 40001));
        assertEquals(List.of("held", "typed meanwhile"), client.lines());
        assertFalse(client.finish());
    }

    @Test
    void holdsALineTypedWhileTheLastClientIsLeaving() throws Exception {
        // Told before the console: the client has left the open sessions, the console has not shown it yet.
        ChatListener typesMeanwhile = new ChatListener() {
            @Override
            public void onClosed(ChatSession session, CloseReason reason) {
                console.operatorSays("typed while it left");
            }
        };
        SessionHandler racing = new SessionHandler(Listeners.inOrder(typesMeanwhile, console), open, false);
        EmbeddedClient leaving = connect(racing, new InetSocketAddress("127.0.0.1", 40001));
        assertFalse(leaving.finish());
        EmbeddedClient next = connect(racing, new InetSocketAddress("127.0.0.1", 40002));
        assertEquals(List.of("typed while it left"), next.lines());
        assertEquals(List.of(
                "Client connected from 127.0.0.1:40001",
                "Client disconnected",
                "Client connected from 127.0.0.1:40002"), display);
        assertFalse(next.finish());
    }

    @Test
    void showsLineSplitAcrossReadsOnce() throws Exception {
        EmbeddedClient client = connect();
        client.type("hel");
        client.type("lo wö");
        client.type("rld\r");
        assertEquals(List.of("Client connected from 127.0.0.1:40001"), display);
        client.type("\n");
        assertEquals(List.of("Client connected from 127.0.0.1:40001", "Client says: hello wörld"), display);
        assertEquals(List.of(), client.passedOn());
        assertFalse(client.finish());
    }

    @Test
    void showsAnOverlongLineAsDiscarded() throws Exception {
        EmbeddedClient first = connect();
        first.type("x".repeat(33) + "\n");
        EmbeddedClient second = connect();
        second.type("y".repeat(33) + "\n");
        assertEquals(List.of(
                "Client connected from 127.0.0.1:40001",
                "Client sent a line of more than 32 bytes; it was discarded",
                "Client #2 (127.0.0.1:40002) connected",
                "Client #2 (127.0.0.1:40002) sent a line of more than 32 bytes; it was discarded"), display);
        assertEquals(List.of(OverlongLineHandler.notice(32)), first.lines());
        assertEquals(List.of(OverlongLineHandler.notice(32)), second.lines());
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @Test
    void showsClosingWhenTheServerClosesTheConnection() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        Sessions.of(first).close();
        Sessions.of(second).close();
        assertEquals(List.of(), first.lines());
        assertEquals(List.of(), second.lines());
        assertEquals(List.of(
                "Client connected from 127.0.0.1:40001",
                "Client #2 (127.0.0.1:40002) connected",
                "Closing connection with client #1",
                "Closing connection"), display);
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @Test
    void showsAFailedConnectionAsLost() throws Exception {
        EmbeddedClient first = connect();
        EmbeddedClient second = connect();
        first.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        second.pipeline().fireExceptionCaught(new IOException("Broken pipe"));
        assertEquals(List.of(
                "Client connected from 127.0.0.1:40001",
                "Client #2 (127.0.0.1:40002) connected",
                "Connection with client #1 lost: Connection reset by peer",
                "Connection lost: Broken pipe"), display);
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @Test
    void showsABracketedIpv6Address() throws Exception {
        EmbeddedClient first = connect(sessions, new InetSocketAddress("::1", 40100));
        EmbeddedClient second = connect(sessions, new InetSocketAddress("::1", 40101));
        assertEquals(List.of("Client connected from [::1]:40100", "Client #2 ([::1]:40101) connected"), display);
        assertFalse(first.finish());
        assertFalse(second.finish());
    }
}
