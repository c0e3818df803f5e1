package dev.linechat.bench;

import java.net.InetSocketAddress;

/** A running baseline server, the yardstick for chat's own. Closing it stops it and frees its threads. */
interface Baseline extends AutoCloseable {

    /** Returns the address it listens on, with the real port. */
    InetSocketAddress address();

    @Override
    void close();
}
