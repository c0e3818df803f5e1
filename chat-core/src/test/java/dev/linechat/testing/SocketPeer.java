package dev.linechat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The other end of a chat connection, as {@code nc} or {@code telnet} would be: raw UTF-8 lines over
 * a plain {@link Socket}, every read bounded by a timeout. Lines read keep a {@code \r}, if any, so
 * that the app's terminator is checked exactly.
 */
public final class SocketPeer implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = (int) PrintedLines.LINE_TIMEOUT_SECONDS * 1000;

    private final Socket socket;
    private final String terminator;
    private final InputStream in;
    private final OutputStream out;

    private SocketPeer(Socket socket, String terminator) throws IOException {
        this.socket = socket;
        this.terminator = terminator;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to a server on loopback; lines sent end with {@code terminator}. */
    public static SocketPeer connect(int port, String terminator) throws IOException {
        return connect("127.0.0.1", port, terminator);
    }

    /** Connects to a server at {@code host} (an IP literal such as {@code ::1}); lines sent end with {@code terminator}. */
    public static SocketPeer connect(String host, int port, String terminator) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            return new SocketPeer(socket, terminator);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Waits for the app to connect to {@code server}; lines sent end with {@code terminator}. */
    public static SocketPeer accept(ServerSocket server, String terminator) throws IOException {
        server.setSoTimeout(TIMEOUT_MILLIS);
        try {
            return new SocketPeer(server.accept(), terminator);
        } catch (SocketTimeoutException e) {
            return fail("the app did not connect within " + TIMEOUT_MILLIS + " ms");
        }
    }

    /** Returns the port this end is bound to, as the server reports it. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends one line with this peer's terminator. */
    public void send(String line) throws IOException {
        out.write((line + terminator).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits for the next line, without its {@code \n}; {@code null} if the connection has ended. */
    public String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
        } catch (SocketTimeoutException e) {
            fail("no line from the app within " + TIMEOUT_MILLIS + " ms; unfinished: ["
                    + line.toString(StandardCharsets.UTF_8) + "]");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Waits for each of the given lines, in order. */
    public void expect(String... expected) throws IOException {
        for (String line : expected) {
            assertEquals(line, next());
        }
    }

    /** Waits for the app to close the connection, with nothing more said. */
    public void expectClosed() throws IOException {
        assertNull(next(), "expected the connection to be closed");
    }

    /** Sends text as it is, with no terminator added. */
    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Says that nothing more will be sent, as {@code nc -N} does at the end of its input; reading goes on. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Waits for the app to close the connection and returns everything it sent meanwhile, terminators included. */
    public String readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (SocketTimeoutException e) {
            fail("the app did not close the connection within " + TIMEOUT_MILLIS + " ms; received: ["
                    + all.toString(StandardCharsets.UTF_8) + "]");
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Closes the connection without a word, as a killed peer would. */
    public void hangUp() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        hangUp();
    }
}
