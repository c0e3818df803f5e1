package dev.linechat.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of every load run: one event loop group (epoll where available) with pooled direct
 * buffers, shared by all the connections of a run and by the runs that follow. Close it when done.
 */
final class Loader implements AutoCloseable {

    /** Connection attempts in flight at once: enough to be quick, few enough not to overflow the server's backlog. */
    private static final int CONNECTS_IN_FLIGHT = 256;

    private final Transport transport;
    private final EventLoopGroup group;

    /**
     * Starts the event loops.
     *
     * @param threads the number of loops; 0 for one per core
     */
    Loader(int threads) {
        this.transport = Transport.best();
        this.group = transport.group(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), "bench-client");
    }

    Transport transport() {
        return transport;
    }

    /**
     * Opens one connection per handler, each with that handler as its whole pipeline, and returns
     * once all are open.
     *
     * @param sources how many loopback source addresses (127.0.0.1, .2, ...) to spread the
     *     connections over, so that more connections fit than one address has ephemeral ports; 1 for
     *     the system's choice
     * @throws LoadException if a connection fails; those already open are closed
     */
    List<Channel> connect(String host, int port, List<? extends ChannelHandler> handlers, int sources)
            throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true);
        if (sources > 1 && transport == Transport.EPOLL) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true); // ports are chosen per destination
        }
        InetSocketAddress remote = new InetSocketAddress(host, port);
        List<Channel> channels = new ArrayList<>(handlers.size());
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < handlers.size() && failure.get() == null; i++) {
            inFlight.acquire();
            Bootstrap b = bootstrap.clone().handler(handlers.get(i));
            ChannelFuture f = sources > 1
                    ? b.connect(remote, new InetSocketAddress("127.0.0." + (1 + i % sources), 0))
                    : b.connect(remote);
            channels.add(f.channel());
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    failure.compareAndSet(null, done.cause());
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(CONNECTS_IN_FLIGHT, 30, TimeUnit.SECONDS)) {
            failure.compareAndSet(null, new IllegalStateException("connecting took over 30 seconds"));
        }
        if (failure.get() != null) {
            close(channels);
            Throwable cause = failure.get();
            throw new LoadException("cannot connect to " + host + ":" + port + " (" + channels.size()
                    + " connections tried): " + (cause.getMessage() == null ? cause : cause.getMessage()));
        }
        return channels;
    }

    /** Closes the channels and waits a little for them to be closed. */
    void close(List<Channel> channels) {
        channels.forEach(Channel::close);
        for (Channel ch : channels) {
            ch.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
