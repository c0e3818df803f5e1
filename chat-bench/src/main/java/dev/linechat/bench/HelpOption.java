package dev.linechat.bench;

import picocli.CommandLine.Option;

/** {@code -h/--help} for every command but {@code jmh}, whose -h is JMH's. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
