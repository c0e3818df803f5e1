package dev.linechat.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.SocketPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default console mode of {@code chat serve}, started through the launcher, with two clients at once. */
class ConsoleModeProcessIT {

    @Test
    void namesEachClientWhileSeveralAreConnectedAndAnswersOneOrAll() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer one = SocketPeer.connect(port, "\n")) {
                String first = "Client #1 (127.0.0.1:" + one.localPort() + ")";
                serve.out.expect("Client connected from 127.0.0.1:" + one.localPort());
                one.send("Hello? Are you there?");
                serve.out.expect("Client says: Hello? Are you there?"); // alone: the lab's transcript

                try (SocketPeer two = SocketPeer.connect(port, "\r\n")) {
                    String second = "Client #2 (127.0.0.1:" + two.localPort() + ")";
                    serve.out.expect(second + " connected");

                    two.send("me too");
                    serve.out.expect(second + " says: me too");
                    one.send("Still there?");
                    serve.out.expect(first + " says: Still there?");
                    two.send("Ça coûte 5 € — é");
                    serve.out.expect(second + " says: Ça coûte 5 € — é");

                    serve.type("@2 one moment, please");
                    two.expect("one moment, please");
                    serve.type("Yes? Whats the big idea?");
                    one.expect("Yes? Whats the big idea?"); // the line for client 2 did not come first
                    two.expect("Yes? Whats the big idea?");
                    serve.type("@1 Très cher, 10 €");
                    one.expect("Très cher, 10 €");
                    serve.type("@7 nobody");
                    serve.out.expect("(no client #7 is connected)");
                    serve.type("to both again");
                    one.expect("to both again");
                    two.expect("to both again");

                    two.send("BYE");
                    serve.out.expect(second + " says: BYE", "Closing connection with client #2");
                    two.expectClosed();
                }

                one.send("alone again");
                serve.out.expect("Client says: alone again");
                serve.type("@1 still addressable");
                one.expect("still addressable");
            }
            serve.out.expect("Client disconnected", "Waiting for a client...");
            assertEquals(List.of(), serve.out.unread(), serve.out::text);
        }
    }

    @Test
    void clientIdsAreNotReusedWhileTheServerRuns() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (SocketPeer one = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client connected from 127.0.0.1:" + one.localPort());
                SocketPeer two = SocketPeer.connect(port, "\n");
                String second = "Client #2 (127.0.0.1:" + two.localPort() + ")";
                try (two) {
                    serve.out.expect(second + " connected");
                } // hangs up without a word
                serve.out.expect(second + " disconnected");

                SocketPeer three = SocketPeer.connect(port, "\n");
                String third = "Client #3 (127.0.0.1:" + three.localPort() + ")";
                try (three) {
                    serve.out.expect(third + " connected");
                    serve.type("@2 are you back?");
                    serve.out.expect("(no client #2 is connected)");
                    serve.type("@3 welcome");
                    three.expect("welcome");
                    three.send("thanks");
                    serve.out.expect(third + " says: thanks");
                }
                serve.out.expect(third + " disconnected");
            }
        }
    }
}
