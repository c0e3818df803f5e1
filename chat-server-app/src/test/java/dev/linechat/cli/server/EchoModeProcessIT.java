package dev.linechat.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.SocketPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code chat serve --mode echo} started through the launcher, with plain sockets as clients. */
class EchoModeProcessIT {

    private static final String MODE_ECHO = " Mode: echo.";

    @Test
    void everyLineComesBackToItsSenderOnly() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "echo", "--port", "0")) {
            int port = serve.out.expectServerStarted("127.0.0.1", MODE_ECHO);
            try (SocketPeer one = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client #1 (127.0.0.1:" + one.localPort() + ") connected");
                int secondPort;
                try (SocketPeer two = SocketPeer.connect(port, "\r\n")) {
                    secondPort = two.localPort();
                    serve.out.expect("Client #2 (127.0.0.1:" + secondPort + ") connected");

                    List<String> lines = List.of("hello", "", "Ça coûte 5 € — é, 日本語, 😀", "  spaces kept  ", "x".repeat(5000));
                    for (String line : lines) {
                        one.send(line);
                    }
                    one.expect(lines.toArray(String[]::new));

                    two.send("over CR LF"); // the \r is not part of the line, so it does not come back
                    two.send("");
                    two.expect("over CR LF", "");

                    one.send("still mine");
                    one.expect("still mine"); // nothing of the second client's came in between

                    serve.type("from the operator");
                    one.expect("from the operator");
                    two.expect("from the operator");
                }
                serve.out.expect("Client #2 (127.0.0.1:" + secondPort + ") disconnected");
            }
        }
    }

    @Test
    void aClientThatHalfClosesGetsItsAnswersThenTheEnd() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "echo", "--port", "0")) {
            int port = serve.out.expectServerStarted("127.0.0.1", MODE_ECHO);
            try (SocketPeer nc = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client #1 (127.0.0.1:" + nc.localPort() + ") connected");

                nc.write("hi\nBYE"); // printf 'hi\nBYE' | nc -N: no newline after the last word
                nc.shutdownOutput();

                assertEquals("hi\n", nc.readToEnd());
                serve.out.expect("Client #1 (127.0.0.1:" + nc.localPort() + ") disconnected");
            }
            try (SocketPeer nc = SocketPeer.connect(port, "\n")) {
                serve.out.expect("Client #2 (127.0.0.1:" + nc.localPort() + ") connected");

                nc.write("first\nsecond\nlast, unterminated");
                nc.shutdownOutput();

                assertEquals("first\nsecond\nlast, unterminated\n", nc.readToEnd());
                serve.out.expect("Client #2 (127.0.0.1:" + nc.localPort() + ") disconnected");
            }
            assertEquals(List.of(), serve.out.unread(), serve.out::text);
        }
    }
}
