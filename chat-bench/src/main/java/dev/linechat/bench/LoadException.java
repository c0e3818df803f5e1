package dev.linechat.bench;

/** A load run could not be carried out (the server is unreachable, a process did not start): its message says why. */
final class LoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadException(String message) {
        super(message);
    }
}
