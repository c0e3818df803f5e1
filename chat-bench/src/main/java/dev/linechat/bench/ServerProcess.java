package dev.linechat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server measured in a process of its own: started, found listening, asked for its CPU time, and
 * stopped with SIGTERM (forcibly if it lingers). Its output, stdout and stderr together, is read all
 * the time so that a chatty server never blocks on a full pipe; the last few KiB are kept for error
 * messages.
 */
final class ServerProcess implements AutoCloseable {

    private static final int TAIL = 4096;

    private final String name;
    private final Process process;
    private final StringBuilder tail = new StringBuilder();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts a server that prints a line telling its port, and waits for that line.
     *
     * @param ready matches the line that says the server listens; its group "port" is the port
     * @throws LoadException if the server exits, or says nothing that matches, within the timeout
     */
    static ServerProcess start(String name, List<String> command, Map<String, String> env, Pattern ready,
            Duration timeout) {
        ServerProcess server = launch(name, command, env);
        Thread reader = new Thread(() -> server.read(ready), name + "-output");
        reader.setDaemon(true);
        reader.start();
        server.awaitPort(timeout);
        return server;
    }

    /**
     * Starts a server that prints nothing (such as ncat) on a port chosen beforehand, and waits until
     * it accepts a connection.
     */
    static ServerProcess startOnPort(String name, List<String> command, int port, Duration timeout) {
        ServerProcess server = launch(name, command, Map.of());
        Thread reader = new Thread(() -> server.read(null), name + "-output");
        reader.setDaemon(true);
        reader.start();
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (!server.port.isDone()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                server.port.complete(port);
            } catch (IOException notYet) {
                if (!server.process.isAlive() || System.nanoTime() > giveUp) {
                    server.close();
                    throw new LoadException(name + " did not accept connections on port " + port + ": " + server.tail());
                }
                sleep(50);
            }
        }
        return server;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port.join();
    }

    /** Returns the CPU time the server has used so far, or null if unknown. */
    Duration cpuTime() {
        return ProcStats.cpuTime(process.pid());
    }

    /** Stops the server: SIGTERM, up to 10 s to finish, then SIGKILL. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static ServerProcess launch(String name, List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        env.forEach(builder.environment()::putIfAbsent);
        try {
            Process process = builder.start();
            process.getOutputStream().close(); // no operator: a server reading its console sees the end of input
            return new ServerProcess(name, process);
        } catch (IOException e) {
            throw new LoadException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage());
        }
    }

    private void awaitPort(Duration timeout) {
        try {
            port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LoadException("interrupted while " + name + " was starting");
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new LoadException(name + " did not say it was listening within " + timeout.toSeconds() + " s: " + tail());
        }
    }

    /** Reads lines until the start line, then discards the rest in large reads, keeping only the tail. */
    private void read(Pattern ready) {
        InputStream in = process.getInputStream();
        try {
            if (ready != null) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; !port.isDone() && (line = lines.readLine()) != null; ) {
                    keep(line + "\n");
                    Matcher m = ready.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group("port")));
                    }
                }
                drain(lines);
            } else {
                drain(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            port.completeExceptionally(new IllegalStateException("exited"));
        }
    }

    private void drain(java.io.Reader in) throws IOException {
        char[] chunk = new char[65536];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            keep(new String(chunk, Math.max(0, n - TAIL), Math.min(n, TAIL)));
        }
    }

    private synchronized void keep(String text) {
        tail.append(text);
        if (tail.length() > TAIL) {
            tail.delete(0, tail.length() - TAIL);
        }
    }

    /** The last lines of output, on one line, for a message. */
    private synchronized String tail() {
        String text = tail.toString().strip();
        String[] lines = text.split("\n");
        String last = String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length));
        return text.isEmpty() ? "(no output; exit code " + (process.isAlive() ? "none yet" : process.exitValue()) + ")" : last;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
