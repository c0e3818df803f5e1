package dev.linechat.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.SocketPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code chat serve --mode room} started through the launcher, with plain sockets as members. A line
 * that must not reach someone is checked with a later line that must: one sender's lines reach each
 * receiver in order, so a line delivered by mistake would arrive first.
 */
class RoomModeProcessIT {

    private static final String MODE_ROOM = " Mode: room.";

    @Test
    void relaysEachLineToEveryOtherMemberAndAnnouncesArrivalsAndDepartures() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--show-lines")) {
            int port = serve.out.expectServerStarted("127.0.0.1", MODE_ROOM);
            try (SocketPeer one = join(serve, port, 1);
                 SocketPeer two = join(serve, port, 2, one);
                 SocketPeer three = join(serve, port, 3, one, two)) {

                one.send("hello everyone");
                two.expect("<user1> hello everyone");
                three.expect("<user1> hello everyone");
                serve.out.expect("<user1> hello everyone");

                two.send("Ça coûte 5 € — é");
                one.expect("<user2> Ça coûte 5 € — é"); // and not its own line before it
                three.expect("<user2> Ça coûte 5 € — é");
                serve.out.expect("<user2> Ça coûte 5 € — é");

                three.send("");
                three.send("//slash is not a command");
                one.expect("<user3> ", "<user3> /slash is not a command");
                two.expect("<user3> ", "<user3> /slash is not a command");
                serve.out.expect("<user3> ", "<user3> /slash is not a command");

                three.send("BYE");
                three.expectClosed();
                one.expect("* user3 left");
                two.expect("* user3 left");
                serve.out.expect("* user3 left");

                two.hangUp(); // without a word
                one.expect("* user2 left");
                serve.out.expect("* user2 left");

                one.send("anyone?");
                serve.out.expect("<user1> anyone?");
            }
            serve.out.expect("* user1 left");
            assertEquals(List.of(), serve.out.unread(), serve.out::text);
        }
    }

    @Test
    void theConsoleShowsArrivalsAndNoticesButNotTheLinesUnlessAsked() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "room", "--port", "0")) {
            int port = serve.out.expectServerStarted("127.0.0.1", MODE_ROOM);
            try (SocketPeer one = join(serve, port, 1);
                 SocketPeer two = join(serve, port, 2, one)) {
                one.send("not for the console");
                two.expect("<user1> not for the console");
                serve.type("from the operator");
                one.expect("<server> from the operator");
                two.expect("<server> from the operator");
                two.send("/nick bob");
                one.expect("* user2 is now known as bob");
                // The member's line came first, unseen. The operator's own line is shown, by the
                // operator's thread, which may print it after the rename.
                assertThat(List.of(serve.out.next(), serve.out.next()))
                        .containsExactlyInAnyOrder("<server> from the operator", "* user2 is now known as bob");
            }
            // The two close at once, on different I/O threads: either departure may come first.
            assertThat(List.of(serve.out.next(), serve.out.next())).containsExactlyInAnyOrder("* bob left", "* user1 left");
        }
    }

    @Test
    void membersRenameListAndWhisper() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--show-lines")) {
            int port = serve.out.expectServerStarted("127.0.0.1", MODE_ROOM);
            try (SocketPeer one = join(serve, port, 1);
                 SocketPeer two = join(serve, port, 2, one);
                 SocketPeer three = join(serve, port, 3, one, two)) {

                one.send("/nick alice");
                for (SocketPeer member : List.of(one, two, three)) {
                    member.expect("* user1 is now known as alice");
                }
                serve.out.expect("* user1 is now known as alice");

                two.send("/nick ALICE");
                two.expect("ERROR the name ALICE is taken");
                two.send("/nick bob");
                for (SocketPeer member : List.of(one, two, three)) {
                    member.expect("* user2 is now known as bob"); // nobody else heard of the refusal
                }
                serve.out.expect("* user2 is now known as bob");

                three.send("/who");
                three.expect("* 3 members: alice (127.0.0.1:" + one.localPort() + "), bob (127.0.0.1:"
                        + two.localPort() + "), user3 (127.0.0.1:" + three.localPort() + ")");

                one.send("/msg bob psst");
                two.expect("*alice* psst");
                one.send("/msg BOB names ignore case");
                two.expect("*alice* names ignore case");
                one.send("out loud");
                two.expect("<alice> out loud");
                three.expect("<alice> out loud"); // the whispers did not reach the third member
                serve.out.expect("<alice> out loud"); // nor the operator, nor /who

                three.send("/msg carol hi");
                three.expect("ERROR no member is named carol");
                three.send("/nick alice");
                three.expect("ERROR the name alice is taken");
                three.send("done");
                one.expect("<user3> done"); // and the sender got no copy of its lines
                two.expect("<user3> done");
                serve.out.expect("<user3> done");
            }
            List<String> left = List.of(serve.out.next(), serve.out.next(), serve.out.next());
            assertEquals(List.of("* alice left", "* bob left", "* user3 left"), left.stream().sorted().toList());
        }
    }

    @Test
    void operatorSpeaksToEveryoneAsServer() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "room", "--port", "0", "--show-lines")) {
            int port = serve.out.expectServerStarted("127.0.0.1", MODE_ROOM);
            try (SocketPeer one = join(serve, port, 1);
                 SocketPeer two = join(serve, port, 2, one)) {

                serve.type("Welcome, all — ça va?");
                one.expect("<server> Welcome, all — ça va?");
                two.expect("<server> Welcome, all — ça va?");
                serve.out.expect("<server> Welcome, all — ça va?");

                two.send("/nick server");
                two.expect("ERROR the name server is taken");

                serve.type("/who");
                serve.out.expect("* 2 members: user1 (127.0.0.1:" + one.localPort() + "), user2 (127.0.0.1:"
                        + two.localPort() + ")");

                one.send("thanks");
                two.expect("<user1> thanks"); // the operator's /who went to the operator only
                serve.out.expect("<user1> thanks");
            }
        }
    }

    /**
     * Connects member {@code id}, checks its welcome and that the members already there, and the
     * operator, hear that it joined.
     */
    private static SocketPeer join(LaunchedApp serve, int port, int id, SocketPeer... others) throws Exception {
        SocketPeer member = SocketPeer.connect(port, "\n");
        try {
            member.expect("* welcome, user" + id + "; /help lists the commands");
            for (SocketPeer other : others) {
                other.expect("* user" + id + " joined");
            }
            serve.out.expect("* user" + id + " joined");
            return member;
        } catch (Exception | AssertionError e) {
            member.close();
            throw e;
        }
    }
}
