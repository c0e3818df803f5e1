package dev.linechat.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.linechat.testing.LaunchedApp;
import dev.linechat.testing.Outcome;
import dev.linechat.testing.PrintedLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --framing raw}, started through the launcher, against peers written the way the lab's
 * Python scripts are: {@code client.py} and {@code server.py} take turns, {@code send()} each message
 * with no terminator and {@code recv(1024)} whatever arrives.
 */
class RawFramingProcessIT {

    @Test
    void serveHoldsTheLabConversationWithTheLabsClient() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--framing", "raw", "--once", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (LabSocket client = LabSocket.connect(port)) {
                serve.out.expect("Client connected from 127.0.0.1:" + client.localPort());

                client.send("Hello? Are you there?");
                serve.out.expect("Client says: Hello? Are you there?");
                serve.type("Yes? Whats the big idea?");
                assertEquals("Yes? Whats the big idea?", client.recv());
                client.send("Nothing");
                serve.out.expect("Client says: Nothing");
                serve.type("Stop wasting my time");
                assertEquals("Stop wasting my time", client.recv());
                client.send("Ça coûte 5 € — é");
                serve.out.expect("Client says: Ça coûte 5 € — é");
                serve.type("Très cher, 10 €");
                assertEquals("Très cher, 10 €", client.recv());
                client.send("BYE");
                serve.out.expect("Client says: BYE", "Closing connection");
                assertEquals("", client.recv(), "the server should have closed the connection");
            }
            Outcome outcome = serve.awaitExit();
            LaunchedApp.assertQuietSuccess(outcome);
            assertEquals(List.of(), serve.out.unread(), outcome::toString);
        }
    }

    @Test
    void serveEndsTheConversationWhenTheOperatorSaysBye() throws Exception {
        try (LaunchedApp serve = LaunchedApp.start("serve", "--framing", "raw", "--once", "--port", "0")) {
            int port = serve.out.expectServerStarted();
            try (LabSocket client = LabSocket.connect(port)) {
                serve.out.expect("Client connected from 127.0.0.1:" + client.localPort());

                client.send("Hello? Are you there?");
                serve.out.expect("Client says: Hello? Are you there?");
                serve.type("BYE");
                assertEquals("BYE", client.recv()); // client.py stops here and closes its socket
            }
            serve.out.expect("Closing connection");
            Outcome outcome = serve.awaitExit();
            LaunchedApp.assertQuietSuccess(outcome);
            assertEquals(List.of(), serve.out.unread(), outcome::toString);
        }
    }

    @Test
    void connectHoldsTheLabConversationWithTheLabsServer() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             LaunchedApp connect = LaunchedApp.start("connect", "--framing", "raw",
                     "--port", String.valueOf(listening.getLocalPort()));
             LabSocket server = LabSocket.accept(listening)) {
            connect.out.expect("Connected to the server.");

            connect.type("Hello? Are you there?");
            assertEquals("Hello? Are you there?", server.recv());
            server.send("Yes? Whats the big idea?");
            connect.out.expect("Server says: Yes? Whats the big idea?");
            connect.type("Ça coûte 5 € — é");
            assertEquals("Ça coûte 5 € — é", server.recv());
            server.send("Stop wasting my time, é €");
            connect.out.expect("Server says: Stop wasting my time, é €");
            connect.type("BYE");
            assertEquals("BYE", server.recv());
            server.hangUp(); // server.py: the chunk was BYE, so it closes the connection

            Outcome outcome = connect.awaitExit();
            LaunchedApp.assertQuietSuccess(outcome);
            assertEquals(List.of(), connect.out.unread(), outcome::toString);
        }
    }

    @Test
    void connectEndsTheConversationWhenTheLabsServerSaysBye() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             LaunchedApp connect = LaunchedApp.start("connect", "--framing", "raw",
                     "--port", String.valueOf(listening.getLocalPort()));
             LabSocket server = LabSocket.accept(listening)) {
            connect.out.expect("Connected to the server.");

            connect.type("Hello? Are you there?");
            assertEquals("Hello? Are you there?", server.recv());
            server.send("BYE");
            server.hangUp(); // server.py: it said BYE, so it closes the connection
            connect.out.expect("Server said BYE: connection closed.");

            Outcome outcome = connect.awaitExit();
            LaunchedApp.assertQuietSuccess(outcome);
            assertEquals(List.of(), connect.out.unread(), outcome::toString);
        }
    }

    /**
     * One end of a connection as the lab's scripts use it: {@code send()} writes a message's bytes
     * with no terminator, {@code recv()} is a single read of at most 1024 bytes and returns whatever
     * it got, or an empty string once the peer has closed, as Python's {@code recv} does.
     */
    private static final class LabSocket implements AutoCloseable {
        private static final int TIMEOUT_MILLIS = (int) PrintedLines.LINE_TIMEOUT_SECONDS * 1000;

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private LabSocket(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(TIMEOUT_MILLIS);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** client.py: {@code s.connect(('127.0.0.1', port))}. */
        static LabSocket connect(int port) throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
                return new LabSocket(socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        /** server.py: {@code conn, addr = s.accept()}. */
        static LabSocket accept(ServerSocket listening) throws IOException {
            listening.setSoTimeout(TIMEOUT_MILLIS);
            try {
                return new LabSocket(listening.accept());
            } catch (SocketTimeoutException e) {
                return fail("the app did not connect within " + TIMEOUT_MILLIS + " ms");
            }
        }

        int localPort() {
            return socket.getLocalPort();
        }

        /** {@code s.send(message.encode())}. */
        void send(String message) throws IOException {
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** {@code s.recv(1024).decode()}. */
        String recv() throws IOException {
            byte[] chunk = new byte[1024];
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                return fail("nothing received within " + TIMEOUT_MILLIS + " ms");
            }
            return n < 0 ? "" : new String(Arrays.copyOf(chunk, n), StandardCharsets.UTF_8);
        }

        /** {@code conn.close()}. */
        void hangUp() throws IOException {
            socket.close();
        }

        @Override
        public void close() throws IOException {
            hangUp();
        }
    }
}
