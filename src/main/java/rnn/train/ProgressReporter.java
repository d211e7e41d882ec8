package rnn.train;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Training progress on stderr. On a terminal, one live line redrawn in place (at most a few times a
 * second); elsewhere (logs, CI) one plain line every --print-every steps and no control codes.
 * Quiet prints nothing but errors.
 */
public final class ProgressReporter {
    public enum Mode { LIVE, PLAIN, QUIET }

    private final PrintWriter err;
    private final Mode mode;
    private long lastRedrawNanos;
    private boolean lineOpen; // a live line is on screen without its newline yet

    public ProgressReporter(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    /** A problem the run goes on despite: shown even with --quiet, which silences progress, not trouble. */
    public void warning(String text) {
        closeLiveLine();
        err.println(text);
        err.flush();
    }

    public void message(String text) {
        if (mode == Mode.QUIET) {
            return;
        }
        closeLiveLine();
        err.println(text);
        err.flush();
    }

    /** A sample of the model's text, computed only if it will be shown. */
    public void preview(java.util.function.Supplier<String> sample) {
        if (mode != Mode.QUIET) {
            message("  sample: " + sample.get());
        }
    }

    /**
     * Where a run should end: its last step ("~N" when --max-time ends it first and the speed gives N;
     * null when not known yet) and how long until then (null while unknown).
     */
    record End(String lastStep, Duration eta) {
    }

    /** Called every step; prints on schedule. {@code end} is null when nothing bounds the run. */
    void step(long step, double epoch, double loss, double learningRate, double charsPerSecond, End end,
              boolean scheduled) {
        String total = end == null || end.lastStep() == null ? "" : "/" + end.lastStep();
        String eta = end == null || end.eta() == null ? "" : "  ETA " + format(end.eta());
        String line = String.format(Locale.ROOT, "step %d%s  epoch %.2f  loss %.4f  lr %.2e  %s chars/s%s",
                step, total, epoch, loss, learningRate, charsPerSecond > 0 ? thousands(charsPerSecond) : "…", eta);
        if (mode == Mode.PLAIN && scheduled) {
            err.println(line);
            err.flush();
        } else if (mode == Mode.LIVE && (scheduled || System.nanoTime() - lastRedrawNanos > 250_000_000L)) {
            lastRedrawNanos = System.nanoTime();
            err.print("\r\033[K" + line);
            err.flush();
            lineOpen = true;
        }
    }

    void closeLiveLine() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }

    static String thousands(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    /** 1h02m, 3m05s, 42s. */
    public static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }
}
