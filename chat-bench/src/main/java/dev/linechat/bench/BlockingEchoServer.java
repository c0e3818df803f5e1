package dev.linechat.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classic java.net line echo: one thread per connection, reading with a BufferedReader and
 * writing with a BufferedWriter that is flushed only when the reader has nothing more buffered.
 */
final class BlockingEchoServer implements Baseline {

    private final ServerSocket listening;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private BlockingEchoServer(ServerSocket listening) {
        this.listening = listening;
    }

    /**
     * Binds the server and starts accepting on a thread of its own.
     *
     * @throws LoadException if it cannot bind
     */
    static BlockingEchoServer start(String host, int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 4096);
            BlockingEchoServer server = new BlockingEchoServer(socket);
            daemon("blocking-accept", server::accept).start();
            return server;
        } catch (IOException e) {
            throw new LoadException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listening.getLocalSocketAddress();
    }

    @Override
    public void close() {
        try {
            listening.close();
            for (Socket s : open) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket s = listening.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                daemon("blocking-echo", () -> echo(s)).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void echo(Socket s) {
        try (s;
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                if (!in.ready()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
