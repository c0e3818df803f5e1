package dev.linechat;

import dev.linechat.internal.Addresses;
import dev.linechat.internal.Futures;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One chat connection: send it a line or close it. Safe to use from any thread.
 *
 * <p>Sessions are created by {@link ChatServer} and {@link ChatClient} and handed to the
 * {@link ChatListener}; each has an id that is never reused during the lifetime of its server.
 */
public final class ChatSession {

    private final long id;
    private final Channel channel;
    private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> active = new CompletableFuture<>();
    private volatile InetSocketAddress remoteAddress;
    private volatile Throwable failure;

    ChatSession(long id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    /**
     * Returns this connection's id: 1 for a server's first client, then 2, 3 and so on.
     *
     * @return the id, unique within its server
     */
    public long id() {
        return id;
    }

    /**
     * Returns the address of the peer, also after the connection has closed.
     *
     * @return the peer's address, or {@code null} before a client has connected
     */
    public InetSocketAddress remoteAddress() {
        InetSocketAddress address = remoteAddress;
        if (address == null && channel.remoteAddress() instanceof InetSocketAddress known) {
            remoteAddress = address = known;
        }
        return address;
    }

    /**
     * Sends one line; the terminator is added. Sending {@code BYE} ends the conversation once it has
     * been written.
     *
     * @param line the text, without line breaks; may be empty
     * @return completes when the line has been written to the socket, or fails if it could not be,
     *     for example because a server dropped it for a client that is not reading (see
     *     {@link ChatServer.Builder#writeBufferWaterMarks})
     * @throws IllegalArgumentException if the text contains {@code \n} or {@code \r}
     */
    public CompletableFuture<Void> send(String line) {
        Objects.requireNonNull(line, "line");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a line must not contain a line break");
        }
        return Futures.toCompletable(channel.writeAndFlush(line));
    }

    /**
     * Closes the connection gracefully: lines already sent go out first. Closing twice is harmless.
     *
     * @return completes with the reason the conversation ended once the listener has been told
     */
    public CompletableFuture<CloseReason> close() {
        markClosing(CloseReason.CLOSED_LOCALLY);
        if (channel.isOpen()) { // once closed, its event loop may be gone too and would reject the listener
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        return closeFuture();
    }

    /**
     * Tells whether the connection is still open.
     *
     * @return {@code true} until the connection has closed
     */
    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Returns a future that completes, with the reason, once the conversation has ended and the
     * listener's {@link ChatListener#onClosed} has returned.
     *
     * @return the close future; it never fails
     */
    public CompletableFuture<CloseReason> closeFuture() {
        return closed.copy();
    }

    /**
     * Returns what made the connection fail, if it ended with {@link CloseReason#FAILED}.
     *
     * @return the failure, or empty
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        InetSocketAddress address = remoteAddress();
        return "#" + id + " " + (address == null ? "unconnected" : Addresses.format(address));
    }

    boolean closingLocally() {
        return closeReason.get() == CloseReason.CLOSED_LOCALLY;
    }

    void markClosing(CloseReason reason) {
        closeReason.compareAndSet(null, reason);
    }

    void fail(Throwable cause) {
        if (closeReason.compareAndSet(null, CloseReason.FAILED)) {
            failure = cause;
        }
    }

    CloseReason finish() {
        closeReason.compareAndSet(null, CloseReason.PEER_CLOSED);
        return closeReason.get();
    }

    void closed() {
        active.complete(null); // nobody waits for a start that will never come
        closed.complete(closeReason.get());
    }

    /** Completes once the listener has been told of the connection. */
    CompletableFuture<Void> active() {
        return active;
    }

    Channel channel() {
        return channel;
    }
}
