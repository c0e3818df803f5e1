package dev.linechat;

import dev.linechat.internal.Transports;

/**
 * The I/O machinery under a server or client. The native ones need Netty's native library for this
 * platform on the class path ({@code io.netty:netty-transport-native-epoll} or
 * {@code netty-transport-native-io_uring} with the platform's classifier, for example
 * {@code linux-x86_64}); without it only {@link #NIO} is available.
 */
public enum Transport {
    /** The best one available: {@link #EPOLL} where it loads, otherwise {@link #NIO}. */
    AUTO,
    /** Java's own selector-based I/O: available everywhere. */
    NIO,
    /** Linux epoll, through Netty's native library. */
    EPOLL,
    /** Linux io_uring, through Netty's native library; needs a kernel that allows it. */
    IO_URING;

    /**
     * Tells whether this transport can be used here.
     *
     * @return {@code true} if it can; always for {@link #AUTO} and {@link #NIO}
     */
    public boolean isAvailable() {
        return Transports.unavailability(this) == null;
    }

    /**
     * Returns the transport {@link #AUTO} stands for on this machine, or this one.
     *
     * @return a concrete transport, never {@link #AUTO}
     */
    public Transport resolve() {
        return Transports.resolve(this);
    }

    /**
     * Returns the name used on command lines: {@code auto}, {@code nio}, {@code epoll} or
     * {@code io_uring}.
     *
     * @return the lower-case name
     */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
