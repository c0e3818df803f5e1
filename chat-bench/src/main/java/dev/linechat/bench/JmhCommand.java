package dev.linechat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bench jmh ARGS}: runs the microbenchmarks through JMH's own command line. */
@Command(name = "jmh", description = "Run the JMH microbenchmarks; every argument goes to JMH ('jmh -h' lists them).")
final class JmhCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JMH_ARGS", arity = "0..*", description = "JMH's arguments, such as -f 1 -wi 3 Decode.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
