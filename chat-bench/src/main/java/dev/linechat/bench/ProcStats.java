package dev.linechat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads another process's memory and CPU time from Linux's /proc. */
final class ProcStats {

    private ProcStats() {
    }

    /**
     * Returns the resident set size of a process in KiB (VmRSS in /proc/PID/status).
     *
     * @throws LoadException if the process is gone or /proc cannot be read
     */
    static long rssKiB(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
                }
            }
            throw new LoadException(status + " has no VmRSS line");
        } catch (IOException | NumberFormatException e) {
            throw new LoadException("cannot read the memory of process " + pid + " from " + status + ": " + e.getMessage());
        }
    }

    /** Returns the CPU time (user and system) a process has used so far, or null if the OS does not say. */
    static Duration cpuTime(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(null);
    }

    /** Tells how many local ports the kernel hands out for outgoing connections (28,232 by default). */
    static int ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return 28_232;
        }
    }
}
