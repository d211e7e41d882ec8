package rnn.model;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the parts of one short step (tens of microseconds) on several threads. Waking a parked thread
 * takes about as long as such a step; so each helper, after its part, spins for a while for the next
 * step before it parks (docs/measurements.md). Sampling calls it once per character, and between two
 * characters the caller only draws the next symbols.
 */
final class SpinningThreads {
    private static final long SPIN_NANOS = 500_000; // a helper parks after 0.5 ms without work

    private static Helper[] helpers = new Helper[0];

    private SpinningThreads() {
    }

    /** Runs part(0 .. parts-1), part 0 on this thread, and returns when all are done. */
    static synchronized void run(int parts, IntConsumer part) {
        if (helpers.length < parts - 1) {
            Helper[] more = java.util.Arrays.copyOf(helpers, parts - 1);
            for (int h = helpers.length; h < more.length; h++) {
                more[h] = new Helper(h + 1);
            }
            helpers = more;
        }
        for (int h = 0; h < parts - 1; h++) {
            helpers[h].start(part);
        }
        part.accept(0);
        RuntimeException failure = null;
        for (int h = 0; h < parts - 1; h++) {
            Throwable error = helpers[h].await();
            if (error != null && failure == null) {
                failure = error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A daemon thread that runs part {@code index} of each step it is given. */
    private static final class Helper implements Runnable {
        private final int index;
        private final Thread thread;
        private volatile IntConsumer task;
        private volatile long started;   // steps given
        private volatile long finished;  // steps done
        private volatile Throwable error;

        Helper(int index) {
            this.index = index;
            this.thread = new Thread(this, "rnn-step-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        void start(IntConsumer part) {
            task = part;
            error = null;
            started++; // the volatile write publishes task
            LockSupport.unpark(thread);
        }

        Throwable await() {
            while (finished != started) {
                Thread.onSpinWait();
            }
            return error;
        }

        @Override
        public void run() {
            long done = 0;
            while (true) {
                long idleSince = System.nanoTime();
                while (started == done) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                try {
                    task.accept(index);
                } catch (Throwable t) {
                    error = t;
                }
                done++;
                finished = done;
            }
        }
    }
}
