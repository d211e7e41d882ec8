package rnn.cli;

import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns the first Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal or SSH session went away) into a request
 * to stop at the end of the current step (training then saves latest.ckpt); a second signal exits at once.
 * Checkpoints are written atomically, so exiting at any moment leaves every checkpoint file whole.
 * A signal that was ignored when rnn started stays ignored (HotSpot installs no handler for it): under
 * {@code nohup} a hang-up does not stop the run, and a script's background job ({@code rnn train ... &}),
 * which starts with SIGINT ignored, is stopped with SIGTERM.
 */
final class Interrupts {
    private final AtomicInteger signal = new AtomicInteger(); // 0, or the exit code of the first signal

    static Interrupts install() {
        Interrupts interrupts = new Interrupts();
        interrupts.handle("INT", ExitCode.INTERRUPTED);
        interrupts.handle("TERM", ExitCode.TERMINATED);
        interrupts.handle("HUP", ExitCode.HANGUP);
        return interrupts;
    }

    private void handle(String name, int exitCode) {
        try {
            Signal.handle(new Signal(name), s -> {
                if (!signal.compareAndSet(0, exitCode)) {
                    System.err.println("\nrnn: stopped at once");
                    Runtime.getRuntime().halt(exitCode);
                }
                System.err.println("\nrnn: " + (exitCode == ExitCode.HANGUP ? "the terminal hung up (SIGHUP): " : "")
                        + "stopping after this step and saving latest.ckpt (again to quit at once)");
            });
        } catch (IllegalArgumentException e) {
            // the signal is not available on this platform: the default handling stays
        }
    }

    boolean requested() {
        return signal.get() != 0;
    }

    int exitCode() {
        return signal.get();
    }
}
