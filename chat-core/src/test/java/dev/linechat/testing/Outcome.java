package dev.linechat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a run of {@code chat} ended: its exit code and everything it printed. {@code toString()} shows
 * all three, so a failed assertion tells the whole story.
 *
 * @param exitCode the exit code, or -1 if the run had not ended
 * @param out everything printed on stdout
 * @param err everything printed on stderr
 */
public record Outcome(int exitCode, String out, String err) {

    /**
     * Asserts a usage error: exit code 2, nothing on stdout, and stderr naming what was wrong.
     *
     * @param complaint text the error message must contain
     */
    public void assertUsageError(String complaint) {
        assertEquals(2, exitCode, this::toString);
        assertTrue(err.contains(complaint), () -> "stderr does not say '" + complaint + "':\n" + this);
        assertEquals("", out, this::toString);
    }

    @Override
    public String toString() {
        return "exit code " + exitCode
                + "\n--- stdout ---\n" + out
                + "\n--- stderr ---\n" + err
                + "\n--------------";
    }
}
