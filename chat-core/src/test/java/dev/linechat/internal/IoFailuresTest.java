package dev.linechat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The words a failed bind or connect is reported in, whichever transport failed. */
class IoFailuresTest {

    @Test
    void keepsTheSystemsWordsAndDropsWhatTheCallerAlreadySays() {
        assertEquals("Connection refused", IoFailures.describe(new ConnectException("Connection refused: /127.0.0.1:5000")));
        assertEquals("Connection refused",
                IoFailures.describe(new IOException("finishConnect(..) failed with error(-111): Connection refused")));
        assertEquals("Address already in use", IoFailures.describe(new IOException("bind(..) failed: Address already in use")));
        assertEquals("Address already in use", IoFailures.describe(new java.net.BindException("Address already in use")));
        assertEquals("timed out", IoFailures.describe(new ConnectTimeoutException("connection timed out after 10000 ms: /10.0.0.1:5000")));
        assertEquals("Network is unreachable", IoFailures.describe(new IOException("connect(..) failed with error(-101): Network is unreachable")));
    }
}
