package dev.linechat;

/**
 * Thrown when a server cannot listen or a client cannot connect, or TLS settings cannot be used. The
 * message is one line meant for people, such as
 * {@code cannot connect to 127.0.0.1:5000: Connection refused}. A TLS connection that fails after it
 * was opened reports one as its {@link ChatSession#failure()}.
 */
public final class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message one line saying what failed and why
     * @param cause the underlying failure, or {@code null}
     */
    public ChatException(String message, Throwable cause) {
        super(message, cause);
    }
}
