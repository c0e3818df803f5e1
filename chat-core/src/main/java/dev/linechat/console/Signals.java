package dev.linechat.console;

import sun.misc.Signal;

/**
 * Lets a console program stop cleanly when asked to (Ctrl-C, {@code kill}): instead of the JVM's
 * abrupt exit, an action of the program's runs and the program ends in its own time, with its own
 * exit code.
 */
public final class Signals {

    private static final String[] STOP_SIGNALS = {"INT", "TERM"};

    private static volatile Runnable stopAction = () -> { };

    private Signals() {
    }

    /**
     * Runs {@code stop} on a signal thread whenever the process receives {@code SIGINT} or
     * {@code SIGTERM}, in place of the JVM's default handling. Where a signal cannot be handled
     * (some platforms reserve them), the default stays.
     *
     * @param stop what to do; it should make the program finish promptly
     */
    public static void onStop(Runnable stop) {
        stopAction = stop;
        for (String name : STOP_SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException unavailable) {
                // the JVM keeps this signal for itself here: its default handling stays
            }
        }
    }

    /**
     * Stops as a signal would, for a Ctrl-C that a line editor caught as a key press: runs the action
     * given to {@link #onStop}, if any.
     */
    public static void interrupt() {
        stopAction.run();
    }
}
