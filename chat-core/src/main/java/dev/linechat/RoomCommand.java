package dev.linechat;

import java.util.List;

/**
 * A command of your own for the members of a {@link ServerMode#ROOM room}, added with
 * {@link ChatServer.Builder#command}: a member who types {@code /NAME argument} reaches it, and
 * {@code /help} lists it after the built-in ones.
 *
 * <pre>{@code
 * ChatServer.builder().mode(ServerMode.ROOM)
 *         .command("roll", call -> call.announce("* " + call.caller() + " rolled " + (1 + random.nextInt(6))))
 *         .start();
 * }</pre>
 *
 * <p>A command runs on the caller's I/O thread, so it must return quickly and never block. If it
 * throws, the caller is told the command failed and stays connected.
 */
@FunctionalInterface
public interface RoomCommand {

    /**
     * Carries out one use of the command.
     *
     * @param call who typed it, with what argument, and the ways to answer
     */
    void run(Call call);

    /** One use of a command: who typed it, with what, and the ways to answer. */
    interface Call {

        /**
         * Returns the name the caller has in the room.
         *
         * @return the caller's name
         */
        String caller();

        /**
         * Returns the caller's connection.
         *
         * @return the session
         */
        ChatSession session();

        /**
         * Returns what follows the command's name, without surrounding spaces.
         *
         * @return the argument, empty if there is none
         */
        String argument();

        /**
         * Sends a line to the caller alone.
         *
         * @param line the line, without line breaks
         */
        void reply(String line);

        /**
         * Sends a line, as it is, to every member, the caller included, and shows it to the
         * operator. Room notices conventionally start with {@code "* "}.
         *
         * @param line the line, without line breaks
         */
        void announce(String line);

        /**
         * Returns the names of the members, in order of arrival.
         *
         * @return a snapshot of the names
         */
        List<String> members();
    }
}
