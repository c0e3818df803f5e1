package dev.linechat.internal;

/** The side of a server mode that takes the operator's lines. */
public interface OperatorDesk {

    /**
     * Handles one line the operator typed.
     *
     * @param line the line, without terminator
     */
    void operatorSays(String line);
}
