package dev.linechat.internal;

import dev.linechat.ChatException;
import dev.linechat.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Event loop groups and channel classes for each {@link Transport}. The native transports' classes
 * are optional dependencies: they are touched only after a check that they are on the class path.
 */
public final class Transports {

    private static final boolean EPOLL_CLASSES = present("io.netty.channel.epoll.Epoll");
    private static final boolean IO_URING_CLASSES = present("io.netty.channel.uring.IoUring");

    private Transports() {
    }

    /**
     * Tells why a transport cannot be used here.
     *
     * @param transport the transport
     * @return the reason, or {@code null} if it can be used
     */
    public static String unavailability(Transport transport) {
        return switch (transport) {
            case AUTO, NIO -> null;
            case EPOLL -> !EPOLL_CLASSES ? "netty-transport-native-epoll is not on the class path"
                    : Epoll.isAvailable() ? null : reason(Epoll.unavailabilityCause());
            case IO_URING -> !IO_URING_CLASSES ? "netty-transport-native-io_uring is not on the class path"
                    : IoUring.isAvailable() ? null : reason(IoUring.unavailabilityCause());
        };
    }

    /**
     * Returns the concrete transport to use for a wanted one.
     *
     * @param wanted a transport, perhaps {@link Transport#AUTO}
     * @return {@code wanted} itself, or for {@code AUTO} the best available
     */
    public static Transport resolve(Transport wanted) {
        if (wanted != Transport.AUTO) {
            return wanted;
        }
        return unavailability(Transport.EPOLL) == null ? Transport.EPOLL : Transport.NIO;
    }

    /**
     * Returns the transport a handle runs on: its event loop group's, if the application lent it
     * one, otherwise the wanted one with {@link Transport#AUTO} resolved.
     *
     * @param wanted the transport asked for
     * @param shared the application's group, or {@code null}
     * @return a concrete transport, not yet checked for availability
     * @throws IllegalArgumentException if {@code wanted} names another transport than the group's
     */
    public static Transport choose(Transport wanted, EventLoopGroup shared) {
        if (shared == null) {
            return resolve(wanted);
        }
        Transport running = of(shared);
        if (wanted != Transport.AUTO && wanted != running) {
            throw new IllegalArgumentException("the event loop group runs " + running + ", not " + wanted);
        }
        return running;
    }

    /**
     * Checks that a transport can be used here.
     *
     * @param transport a concrete transport
     * @throws ChatException naming the transport and the reason if it cannot
     */
    public static void require(Transport transport) {
        String reason = unavailability(transport);
        if (reason != null) {
            throw new ChatException("the " + transport + " transport is not available: " + reason, null);
        }
    }

    /**
     * Tells which transport an application's event loop group runs.
     *
     * @param group the group
     * @return its transport
     * @throws IllegalArgumentException if it is none of those {@link Transport} names
     */
    public static Transport of(EventLoopGroup group) {
        // Asked of one of its loops, found by iterating: the group's own isIoType asks next(), which
        // would move its round robin on and put every other connection on the same loop.
        Object loop = group.iterator().hasNext() ? group.iterator().next() : group;
        if (loop instanceof IoEventLoopGroup io) {
            if (io.isIoType(NioIoHandler.class)) {
                return Transport.NIO;
            }
            if (EPOLL_CLASSES && io.isIoType(EpollIoHandler.class)) {
                return Transport.EPOLL;
            }
            if (IO_URING_CLASSES && io.isIoType(IoUringIoHandler.class)) {
                return Transport.IO_URING;
            }
        }
        throw new IllegalArgumentException("the event loop group must run NIO, epoll or io_uring: " + group);
    }

    /**
     * Creates an event loop group.
     *
     * @param transport a concrete, available transport
     * @param threads how many threads, 0 for Netty's default (twice the cores)
     * @param name the prefix of the threads' names
     * @return the group
     */
    public static EventLoopGroup newGroup(Transport transport, int threads, String name) {
        IoHandlerFactory factory = switch (transport) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), factory);
    }

    /**
     * Returns the class of listening channels.
     *
     * @param transport a concrete transport
     * @return the server channel class
     */
    public static Class<? extends ServerChannel> serverChannel(Transport transport) {
        return switch (transport) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /**
     * Returns the class of outgoing connections.
     *
     * @param transport a concrete transport
     * @return the socket channel class
     */
    public static Class<? extends Channel> socketChannel(Transport transport) {
        return switch (transport) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            default -> NioSocketChannel.class;
        };
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Transports.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
