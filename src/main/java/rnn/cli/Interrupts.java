package rnn.cli;

import sun.misc.Signal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the first Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal or SSH session went away) into a request
 * to stop at the end of the current step (training then saves latest.ckpt; a server finishes the requests under
 * way); a later signal exits at once.
 * Checkpoints are written atomically, so exiting at any moment leaves every checkpoint file whole.
 * <p>
 * Signals that arrive within {@link #BURST} of the first are the same request: {@code timeout}, a CI runner or
 * a terminal closing signals the process and then its process group, and a supervisor may send SIGTERM and
 * SIGHUP together; the JVM sometimes coalesces such a pair and sometimes delivers both, and the second must
 * not throw away the save the first asked for. A person who wants out at once presses Ctrl-C again after
 * reading the message, which takes longer than the window.
 * <p>
 * A signal that was ignored when rnn started stays ignored (HotSpot installs no handler for it): under
 * {@code nohup} a hang-up does not stop the run, and a script's background job ({@code rnn train ... &}),
 * which starts with SIGINT ignored, is stopped with SIGTERM.
 */
final class Interrupts {
    /** Signals this soon after the first repeat it (README, "Exit codes"). */
    static final Duration BURST = Duration.ofSeconds(1);

    private final AtomicInteger signal = new AtomicInteger(); // 0, or the exit code of the first signal
    private final AtomicLong firstAt = new AtomicLong();      // System.nanoTime() of the first signal

    private final String stopping; // what the first signal sets going, said on stderr

    private Interrupts(String stopping) {
        this.stopping = stopping;
    }

    /** For training: the first signal stops the run after its step, which saves latest.ckpt. */
    static Interrupts install() {
        return install("stopping after this step and saving latest.ckpt");
    }

    /** @param stopping what the first signal starts, in a few words ("finishing the requests under way") */
    static Interrupts install(String stopping) {
        Interrupts interrupts = new Interrupts(stopping);
        interrupts.handle("INT", ExitCode.INTERRUPTED);
        interrupts.handle("TERM", ExitCode.TERMINATED);
        interrupts.handle("HUP", ExitCode.HANGUP);
        return interrupts;
    }

    private void handle(String name, int exitCode) {
        try {
            Signal.handle(new Signal(name), s -> received(exitCode));
        } catch (IllegalArgumentException e) {
            // the signal is not available on this platform: the default handling stays
        }
    }

    private synchronized void received(int exitCode) { // handlers run on threads of their own
        long now = System.nanoTime();
        if (signal.compareAndSet(0, exitCode)) {
            firstAt.set(now);
            System.err.println("\nrnn: " + (exitCode == ExitCode.HANGUP ? "the terminal hung up (SIGHUP): " : "")
                    + stopping + " (a signal a second or more later quits at once)");
            return;
        }
        if (now - firstAt.get() < BURST.toNanos()) {
            return; // the same burst: the save already asked for goes on
        }
        System.err.println("\nrnn: stopped at once");
        Runtime.getRuntime().halt(exitCode);
    }

    boolean requested() {
        return signal.get() != 0;
    }

    int exitCode() {
        return signal.get();
    }
}
