package dev.linechat.bench;

/** How a room server marks who sent each line it relays. */
enum Prefix {
    /** Every line is {@code <NAME> payload}, NAME being the sender's name in the room (chat's room). */
    STRICT,
    /**
     * A {@code <NAME> } may appear wherever the server began a read chunk, even inside a line
     * ({@code ncat --chat}): they are all stripped and only the payload is checked.
     */
    NONE
}
