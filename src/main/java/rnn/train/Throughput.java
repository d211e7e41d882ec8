package rnn.train;

/**
 * Training speed in characters per second, measured over windows of two seconds of pure training or 100 steps,
 * whichever comes first (a small model's steps take a millisecond, and its validations and saves most of the time):
 * the first step (warm-up) and the time spent validating or saving between steps are left out. A pause does
 * not restart the window, it only is not counted: a run that validates after every step still closes its
 * windows (it used to restart them at each pause, and a small model never showed a speed).
 */
final class Throughput {
    private static final long WINDOW_NANOS = 2_000_000_000L;
    private static final int WINDOW_STEPS = 100;
    private final long charsPerStep;
    private boolean warmedUp;
    private long stepStart;     // System.nanoTime() when the step now running started
    private long windowNanos;   // training time in the open window
    private long windowSteps;
    private double charsPerSecond = Double.NaN; // NaN until the first window closes

    Throughput(long charsPerStep) {
        this.charsPerStep = charsPerStep;
        stepStart = System.nanoTime();
    }

    void stepDone() {
        long now = System.nanoTime();
        long stepNanos = now - stepStart;
        stepStart = now;
        if (!warmedUp) {
            warmedUp = true;
            return;
        }
        windowSteps++;
        windowNanos += stepNanos;
        if (windowNanos >= WINDOW_NANOS || windowSteps >= WINDOW_STEPS) {
            charsPerSecond = windowSteps * (double) charsPerStep / (windowNanos / 1e9);
            windowSteps = 0;
            windowNanos = 0;
        }
    }

    /** After a pause (validation, a save): the next step is timed from now. */
    void paused() {
        stepStart = System.nanoTime();
    }

    /** The last window's speed; NaN until one closed. */
    double charsPerSecond() {
        return charsPerSecond;
    }
}
