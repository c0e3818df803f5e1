package dev.linechat.pipeline;

/** How messages are delimited on the wire. */
public enum Framing {
    /**
     * Lines: each message ends in {@code \n} ({@code \r\n} accepted on input). The default, and what
     * {@code nc}, {@code socat} and {@code telnet} speak.
     */
    LINE,
    /**
     * No delimiters, for peers written as minimal socket scripts that {@code send()} a message with
     * no terminator and {@code recv()} whatever arrives: a message is sent as its bytes alone, and
     * each chunk read from the socket is one received message.
     */
    RAW
}
