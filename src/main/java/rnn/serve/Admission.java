package rnn.serve;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may compute: at most {@code concurrency} requests at once, at most {@code queue} more waiting (in order of
 * arrival); one more is refused at once with 429, a wait past the request's deadline with 503, and after
 * {@link #close} every new request with 503.
 */
final class Admission {
    private final Semaphore turns;
    private final int queue;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    Admission(int concurrency, int queue) {
        this.turns = new Semaphore(concurrency, true);
        this.queue = queue;
    }

    /** Waits for a turn until {@code deadline} (System.nanoTime()); call {@link #leave} after the work. */
    void enter(long deadline) {
        refuseIfClosed();
        if (!turns.tryAcquire()) {
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                throw new HttpError(429, "the server is busy: " + queue + " requests are already waiting; try again shortly");
            }
            try {
                if (!turns.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new HttpError(503, "the server is busy: no turn came before the request's time ran out; try again later");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpError(503, "the server is stopping");
            } finally {
                waiting.decrementAndGet();
            }
        }
        if (closed) {
            leave();
            refuseIfClosed();
        }
    }

    void leave() {
        turns.release();
    }

    private void refuseIfClosed() {
        if (closed) {
            throw new HttpError(503, "the server is shutting down; send the request to another one, or after it restarts");
        }
    }

    /** From now on every request is refused (503); the ones under way go on. */
    void close() {
        closed = true;
    }
}
