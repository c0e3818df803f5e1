package dev.linechat.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench baseline KIND}: runs a baseline server until the process is stopped. */
@Command(name = "baseline", description = "Run a baseline server until stopped (SIGTERM or Ctrl-C).")
final class BaselineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "KIND", description = "netty-bytebuf, netty-string, blocking or netty-group.")
    String kind;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "Port; 0 for any free one (default).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        BaselineKind which;
        try {
            which = BaselineKind.of(kind);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "KIND " + e.getMessage());
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Baseline server = which.start(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "baseline-stop"));
        // The one line a script waits for: the real port, when 0 was asked for.
        spec.commandLine().getOut().println("listening on " + host + ":" + server.address().getPort());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
