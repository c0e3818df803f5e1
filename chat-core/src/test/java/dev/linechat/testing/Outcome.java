package dev.linechat.testing;

/**
 * How a run of {@code chat} ended: its exit code and everything it printed. {@code toString()} shows
 * all three, so a failed assertion tells the whole story.
 *
 * @param exitCode the exit code, or -1 if the run had not ended
 * @param out everything printed on stdout
 * @param err everything printed on stderr
 */
public record Outcome(int exitCode, String out, String err) {

    @Override
    public String toString() {
        return "exit code " + exitCode
                + "\n--- stdout ---\n" + out
                + "\n--- stderr ---\n" + err
                + "\n--------------";
    }
}
