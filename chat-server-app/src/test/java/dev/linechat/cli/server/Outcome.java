package dev.linechat.cli.server;

/**
 * How a run of {@code chat} ended: its exit code and everything it printed. {@code toString()} shows
 * all three, so a failed assertion tells the whole story.
 */
record Outcome(int exitCode, String out, String err) {

    @Override
    public String toString() {
        return "exit code " + exitCode
                + "\n--- stdout ---\n" + out
                + "\n--- stderr ---\n" + err
                + "\n--------------";
    }
}
