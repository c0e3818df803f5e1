package dev.linechat.internal;

import io.netty.channel.ConnectTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Says in plain words why a bind or a connect failed, whichever transport reported it. */
public final class IoFailures {

    /** The native transports name the system call and the errno: "connect(..) failed with error(-111): ". */
    private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: (.*)$");

    private IoFailures() {
    }

    /**
     * Describes an I/O failure as the operating system's words alone, such as
     * {@code Connection refused} or {@code Address already in use}.
     *
     * @param cause what Netty reported
     * @return the description, without the address (the caller names it) or system-call details
     */
    public static String describe(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "timed out";
        }
        String message = String.valueOf(cause.getMessage());
        int annotation = message.indexOf(": /"); // Netty appends the address the caller already named
        if (annotation > 0) {
            message = message.substring(0, annotation);
        }
        Matcher call = NATIVE_CALL.matcher(message);
        return call.matches() ? call.group(1) : message;
    }
}
