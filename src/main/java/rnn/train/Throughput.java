package rnn.train;

/**
 * Training speed in characters per second, measured over windows of about two seconds of pure
 * training: the first step (warm-up) and time spent validating or saving are left out.
 */
final class Throughput {
    private static final long WINDOW_NANOS = 2_000_000_000L;
    private final long charsPerStep;
    private boolean warmedUp;
    private long windowStart;
    private long windowSteps;
    private double charsPerSecond; // 0 until the first window closes

    Throughput(long charsPerStep) {
        this.charsPerStep = charsPerStep;
    }

    void stepDone() {
        if (!warmedUp) {
            warmedUp = true;
            restart();
            return;
        }
        windowSteps++;
        long elapsed = System.nanoTime() - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            charsPerSecond = windowSteps * (double) charsPerStep / (elapsed / 1e9);
            restart();
        }
    }

    /** Starts a new window, e.g. after a pause for validation. */
    void restart() {
        windowStart = System.nanoTime();
        windowSteps = 0;
    }

    double charsPerSecond() {
        return charsPerSecond;
    }
}
