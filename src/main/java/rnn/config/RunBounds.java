package rnn.config;

import rnn.UserInputException;

import java.time.Duration;

/**
 * Where a training run ends, whichever comes first; saved in the checkpoint, so a resumed run keeps the bounds
 * it was given unless told otherwise. Bounds count across resumes: a run resumed at step 20 with maxSteps 40
 * trains 20 more steps.
 *
 * @param epochs   stop after this many epochs in total; 0 = no bound (--epochs)
 * @param maxSteps stop after this many optimizer steps in total; 0 = no bound (--max-steps)
 * @param maxTime  stop after this much training time in total; null = no bound, and zero means the same
 *                 (--max-time 0 clears a bound a resumed run would keep, as --epochs 0 does)
 * @param patience stop after this many validations in a row without a new best validation loss; 0 = never
 *                 (--patience)
 */
public record RunBounds(long epochs, long maxSteps, Duration maxTime, int patience) {
    public RunBounds {
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
            maxTime = null;
        }
        if (patience < 0) {
            throw new UserInputException("--patience must be 0 (no early stopping) or a number of validations (got "
                    + patience + ")");
        }
    }

    /** True if some bound ends the run (cosine needs one to decay over). */
    public boolean bounded() {
        return epochs > 0 || maxSteps > 0 || maxTime != null;
    }

    /** The step count at which the run ends, given the epoch length; Long.MAX_VALUE if no step bound. */
    public long lastStep(long stepsPerEpoch) {
        long last = Long.MAX_VALUE;
        if (epochs > 0) {
            last = epochs > Long.MAX_VALUE / stepsPerEpoch ? last : epochs * stepsPerEpoch;
        }
        if (maxSteps > 0) {
            last = Math.min(last, maxSteps);
        }
        return last;
    }

    /** --max-time in seconds, or null if none. */
    public Double maxTimeSeconds() {
        return maxTime == null ? null : maxTime.toMillis() / 1000.0;
    }
}
