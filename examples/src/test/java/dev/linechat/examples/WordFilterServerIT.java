package dev.linechat.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.linechat.testing.ChatThreads;
import dev.linechat.testing.SocketPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordFilterServerIT {

    @Test
    void echoesEachClientsLinesMaskedUntilBye() throws Exception {
        try (WordFilterServer server = WordFilterServer.start(0, List.of("darn", "heck"));
                SocketPeer first = SocketPeer.connect(server.port(), "\n");
                SocketPeer second = SocketPeer.connect(server.port(), "\r\n")) {
            first.send("Darn it!");
            second.send("what the heck, Grüße");
            first.expect("**** it!");
            second.expect("what the ****, Grüße");

            first.send("BYE");
            first.expectClosed();
            second.send("still here, darn");
            second.expect("still here, ****");
        }
        ChatThreads.assertNoneAlive("word-filter");
    }

    @Test
    void answersAClientThatHalfClosesAfterItsLastLine() throws Exception {
        try (WordFilterServer server = WordFilterServer.start(0, List.of("darn"));
                SocketPeer peer = SocketPeer.connect(server.port(), "\n")) {
            peer.send("one darn line");
            peer.write("and a last one without terminator, darn");
            peer.shutdownOutput();
            assertThat(peer.readToEnd()).isEqualTo("one **** line\nand a last one without terminator, ****\n");
        }
        ChatThreads.assertNoneAlive("word-filter");
    }

    @Test
    void closingLeavesNoThreadEvenWithClientsConnected() throws Exception {
        WordFilterServer server = WordFilterServer.start(0, List.of("darn"));
        try (SocketPeer peer = SocketPeer.connect(server.port(), "\n")) {
            peer.send("darn");
            peer.expect("****");
            server.close();
            peer.expectClosed();
        }
        ChatThreads.assertNoneAlive("word-filter");
    }

    @Test
    void saysWhyItCannotListen() {
        try (WordFilterServer server = WordFilterServer.start(0, List.of("darn"))) {
            assertThatIllegalStateException().isThrownBy(() -> WordFilterServer.start(server.port(), List.of("darn")))
                    .withMessageStartingWith("cannot listen on port " + server.port() + ": ");
        }
    }
}
