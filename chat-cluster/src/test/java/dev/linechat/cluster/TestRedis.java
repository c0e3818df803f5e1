package dev.linechat.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisExecProvider;

/**
 * A real Redis server in a child process, on a free loopback port, without persistence.
 *
 * <p>The binary comes from embedded-redis (Redis 7, extracted from its jar), or else from
 * {@code redis-server} on the PATH; with neither, the calling test is skipped, saying so. It speaks
 * just enough RESP to send a few commands of its own ({@link #command}), so that tests can kill
 * clients or trim a stream without a second client library.
 */
public final class TestRedis implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static Path executable;
    private static String unavailable;

    private final Path dir;
    private final int port;
    private Process process;
    private volatile boolean paused;

    private TestRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server on a free port, trying another port if a clash makes it exit. */
    public static TestRedis start() throws IOException, InterruptedException {
        Path binary = executable();
        Path dir = Files.createTempDirectory("chat-cluster-redis");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            TestRedis redis = new TestRedis(dir, freePort());
            try {
                redis.launch(binary);
                return redis;
            } catch (IOException e) {
                last = e; // most likely someone took the port between our check and Redis's bind
            }
        }
        throw last;
    }

    /** A server on a port nobody listens on, not started yet: {@link #restart()} starts it. */
    static TestRedis notStarted() throws IOException {
        executable();
        return new TestRedis(Files.createTempDirectory("chat-cluster-redis"), freePort());
    }

    public int port() {
        return port;
    }

    public RedisUri uri() {
        return RedisUri.parse("redis://" + LOOPBACK + ":" + port);
    }

    /** Stops the server, as a crash would for clients: connections drop, and a fresh one has no data. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            resume(); // a stopped process would not act on SIGTERM
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the server again on the same port (empty: nothing is persisted). */
    void restart() throws IOException, InterruptedException {
        stop();
        launch(executable());
    }

    /**
     * Freezes the server with SIGSTOP: connections stay open, but nothing is answered until
     * {@link #resume()}, as with a server stalled by a long pause or an overloaded host.
     */
    public void pause() throws IOException, InterruptedException {
        paused = true; // first, so that close() resumes it even if this call is cut short
        signal("-STOP");
    }

    /** Lets a paused server go on with SIGCONT; does nothing if it is not paused. */
    public void resume() throws InterruptedException {
        if (paused) {
            try {
                signal("-CONT");
                paused = false;
            } catch (IOException e) {
                throw new IllegalStateException("cannot resume redis-server " + process.pid(), e);
            }
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** Sends one command and returns its reply: a String (an error starts with "-"), a Long, a List, or null. */
    public Object command(String... args) throws IOException {
        return pipeline(List.of(List.of(args))).get(0);
    }

    /** Sends several commands on one connection, in order, and returns their replies. */
    List<Object> pipeline(List<List<String>> commands) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            for (List<String> command : commands) {
                StringBuilder resp = new StringBuilder("*").append(command.size()).append("\r\n");
                for (String arg : command) {
                    byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                    resp.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
                }
                out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Object> replies = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                replies.add(reply(in));
            }
            return replies;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail a test
        }
    }

    private void launch(Path binary) throws IOException, InterruptedException {
        Path log = dir.resolve("redis-" + port + ".log");
        process = new ProcessBuilder(binary.toString(),
                "--port", Integer.toString(port), "--bind", LOOPBACK,
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        stop();
        throw new IOException("redis-server did not answer PING within 10 s: " + Files.readString(log));
    }

    private static synchronized Path executable() throws IOException {
        if (executable == null && unavailable == null) {
            executable = find();
        }
        assumeTrue(executable != null, () -> "skipped: no Redis to test against (" + unavailable + ")");
        return executable;
    }

    private static Path find() {
        StringBuilder why = new StringBuilder();
        try {
            Path embedded = RedisExecProvider.defaultProvider().get().toPath();
            if (runs(embedded)) {
                return embedded;
            }
            why.append("embedded-redis's binary does not run here");
        } catch (IOException | RuntimeException e) {
            why.append("embedded-redis has no binary for this platform: ").append(e);
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry, "redis-server");
            if (Files.isExecutable(candidate) && runs(candidate)) {
                return candidate;
            }
        }
        why.append("; no redis-server on the PATH");
        unavailable = why.toString();
        return null;
    }

    private static boolean runs(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static Object reply(InputStream in) throws IOException {
        String line = line(in);
        switch (line.charAt(0)) {
            case '+':
                return line.substring(1);
            case '-':
                return line; // an error, kept with its minus sign so that a test can see it
            case ':':
                return Long.parseLong(line.substring(1));
            case '$': {
                int length = Integer.parseInt(line.substring(1));
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line.substring(1));
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(reply(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply: " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed by Redis");
            }
            line.append((char) c);
        }
        in.read(); // the \n
        return line.toString();
    }
}
