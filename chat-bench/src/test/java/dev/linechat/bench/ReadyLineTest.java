package dev.linechat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReadyLineTest {

    private static String port(Pattern ready, String line) {
        Matcher m = ready.matcher(line);
        assertTrue(m.find(), line);
        return m.group("port");
    }

    @Test
    void findsThePortInChatsStartLine() {
        assertEquals("41234", port(CompareCommand.CHAT_READY, "Server started on 127.0.0.1:41234. Mode: echo."));
        assertEquals("5000", port(CompareCommand.CHAT_READY, "Server started on [::1]:5000. Mode: room. Transport: epoll."));
    }

    @Test
    void ignoresChatsOtherLines() {
        assertFalse(CompareCommand.CHAT_READY.matcher("Client 127.0.0.1:40000 connected").find());
    }

    @Test
    void findsThePortInTheBaselinesLine() {
        assertEquals("39999", port(CompareCommand.BASELINE_READY, "listening on 127.0.0.1:39999"));
    }
}
