package dev.linechat.bench;

/** The timeline every load run follows once its connections are sending. */
final class Runs {

    private Runs() {
    }

    /**
     * Waits out the warm-up, counts for the duration, then tells the connections to stop sending.
     *
     * @return the seconds during which lines were counted
     */
    static double measure(Phase phase, Timing timing) throws InterruptedException {
        Thread.sleep(timing.warmup().toMillis());
        phase.measuring = true;
        long start = System.nanoTime();
        Thread.sleep(timing.duration().toMillis());
        phase.measuring = false;
        long end = System.nanoTime();
        phase.stopping = true;
        return (end - start) / 1e9;
    }
}
