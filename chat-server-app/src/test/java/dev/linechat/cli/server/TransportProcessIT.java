package dev.linechat.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linechat.Transport;
import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.SocketPeer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** {@code chat serve --transport}: the start line names the transport, and each one carries lines. */
class TransportProcessIT {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theStartLineNamesTheTransportAndItCarriesLines(Transport transport) throws Exception {
        // This test JVM has the same Netty native libraries as the app, so it knows what will load there.
        Transport expected = transport.resolve();
        try (LaunchedApp serve = LaunchedApp.start("serve", "--mode", "echo", "--port", "0", "--transport", transport.toString())) {
            if (!expected.isAvailable()) {
                Outcome outcome = serve.awaitExit();
                assertEquals(1, outcome.exitCode(), outcome::toString);
                assertEquals(List.of("chat serve: the " + expected + " transport is not available: "),
                        LaunchedApp.errorLines(outcome).stream().map(line -> line.replaceFirst("available: .*", "available: ")).toList());
                return;
            }
            String startLine = serve.out.next();
            assertEquals("Transport: " + expected + ".", startLine.substring(startLine.indexOf("Transport: ")), startLine);
            int port = Integer.parseInt(startLine.replaceFirst("^Server started on 127\\.0\\.0\\.1:(\\d+)\\..*$", "$1"));
            try (SocketPeer peer = SocketPeer.connect(port, "\n")) {
                peer.send("over " + expected);
                peer.expect("over " + expected);
            }
        }
    }

    @Test
    void autoTakesEpollWhereItLoads() {
        assertEquals(Transport.EPOLL.isAvailable() ? Transport.EPOLL : Transport.NIO, Transport.AUTO.resolve());
    }

    @Test
    void anUnknownTransportIsAUsageError() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--transport", "kqueue2")) {
            serve.awaitExit().assertUsageError("--transport");
        }
    }
}
