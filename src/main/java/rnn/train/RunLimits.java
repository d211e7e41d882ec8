package rnn.train;

import rnn.UserInputException;

import java.time.Duration;

/**
 * When a run stops and how often it reports, evaluates and saves. Bounds count across resumes:
 * a run resumed at step 20 with maxSteps 40 trains 20 more steps.
 *
 * @param epochs          stop after this many epochs in total; 0 = no bound (--epochs)
 * @param maxSteps        stop after this many optimizer steps in total; 0 = no bound (--max-steps)
 * @param maxTime         stop after this much training time in total; null or zero = no bound (--max-time)
 * @param patience        stop after this many validations in a row without a new best validation loss;
 *                        0 = never (--patience)
 * @param evalEvery       validate (and maybe save best.ckpt) every this many steps (--eval-every)
 * @param checkpointEvery save latest.ckpt every this many steps; 0 = at every validation (--checkpoint-every)
 * @param keepEvery       also keep step-N.ckpt every this many steps, never overwritten; 0 = none (--keep-every)
 * @param printEvery      one progress line and metrics entry every this many steps (--print-every)
 */
public record RunLimits(long epochs, long maxSteps, Duration maxTime, int patience, int evalEvery, int checkpointEvery,
                        int keepEvery, int printEvery) {
    public RunLimits {
        if (epochs < 0) {
            throw new UserInputException("--epochs must be 0 (no bound) or positive (got " + epochs + ")");
        }
        if (maxSteps < 0) {
            throw new UserInputException("--max-steps must be 0 (no bound) or positive (got " + maxSteps + ")");
        }
        if (maxTime != null && maxTime.isNegative()) {
            throw new UserInputException("--max-time must be 0 (no bound) or positive, e.g. 90s, 10m or 2h");
        }
        if (maxTime != null && maxTime.isZero()) {
            maxTime = null; // like --epochs 0 and --max-steps 0: clears a bound a resumed run would keep
        }
        if (patience < 0) {
            throw new UserInputException("--patience must be 0 (no early stopping) or a number of validations (got "
                    + patience + ")");
        }
        if (evalEvery < 1) {
            throw new UserInputException("--eval-every must be at least 1 (got " + evalEvery + ")");
        }
        if (checkpointEvery < 0) {
            throw new UserInputException("--checkpoint-every must be 0 (at every validation) or positive (got "
                    + checkpointEvery + ")");
        }
        if (keepEvery < 0) {
            throw new UserInputException("--keep-every must be 0 (none) or positive (got " + keepEvery + ")");
        }
        if (printEvery < 1) {
            throw new UserInputException("--print-every must be at least 1 (got " + printEvery + ")");
        }
    }

    /**
     * The bound that a run at {@code step} after {@code seconds} of training has reached, named as its flag
     * (e.g. "--max-time 12s"), or null if none has.
     */
    String reached(long step, long stepsPerEpoch, double seconds) {
        if (epochs > 0 && epochs <= Long.MAX_VALUE / stepsPerEpoch && step >= epochs * stepsPerEpoch) {
            return "--epochs " + epochs;
        }
        if (maxSteps > 0 && step >= maxSteps) {
            return "--max-steps " + maxSteps;
        }
        if (maxTime != null && seconds >= maxTime.toMillis() / 1000.0) {
            return "--max-time " + ProgressReporter.format(maxTime);
        }
        return null;
    }

    /** True if some bound ends the run (cosine needs one to decay over). */
    public boolean bounded() {
        return epochs > 0 || maxSteps > 0 || maxTime != null;
    }

    /** The step count at which the run ends, given the epoch length; Long.MAX_VALUE if unbounded. */
    long lastStep(long stepsPerEpoch) {
        long last = Long.MAX_VALUE;
        if (epochs > 0) {
            last = epochs > Long.MAX_VALUE / stepsPerEpoch ? last : epochs * stepsPerEpoch;
        }
        if (maxSteps > 0) {
            last = Math.min(last, maxSteps);
        }
        return last;
    }
}
