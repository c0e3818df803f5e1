package dev.linechat.bench;

/**
 * Where a load run stands, shared by all its connections: they read it on every line, from their I/O
 * threads, so both flags are volatile. Only the thread driving the run writes them.
 */
final class Phase {
    /** Lines received now count towards throughput and latency (warm-up is over). */
    volatile boolean measuring;
    /** No new lines are sent: the connections wait for the lines in flight, then report done. */
    volatile boolean stopping;
}
