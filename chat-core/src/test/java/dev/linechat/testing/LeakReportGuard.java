package dev.linechat.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reports a buffer that was never released.
 *
 * <p>Registered for every test class through the service loader (the build turns on extension
 * autodetection). The suite runs with {@code -Dio.netty.leakDetection.level=paranoid}, so every
 * buffer is tracked; after the class, the guard collects garbage and allocates a few buffers, which
 * makes the detector report whatever has leaked, then fails if a report was logged.
 */
public final class LeakReportGuard implements BeforeAllCallback, AfterAllCallback {

    private static final Logger DETECTOR_LOG = Logger.getLogger("io.netty.util.ResourceLeakDetector");
    private static final List<String> REPORTS = new ArrayList<>();

    static {
        DETECTOR_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    synchronized (REPORTS) {
                        REPORTS.add(String.valueOf(record.getMessage()));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (REPORTS) {
            REPORTS.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(20);
            provokeReports();
        }
        synchronized (REPORTS) {
            if (!REPORTS.isEmpty()) {
                String first = REPORTS.get(0);
                int count = REPORTS.size();
                REPORTS.clear();
                fail(count + " buffer leak(s) reported while running " + context.getDisplayName() + ":\n" + first);
            }
        }
    }

    /** The detector reports collected leaks when it tracks a new buffer: give it some. */
    private static void provokeReports() {
        for (int i = 0; i < 16; i++) {
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(8);
            pooled.release();
            ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.directBuffer(8);
            unpooled.release();
        }
    }
}
