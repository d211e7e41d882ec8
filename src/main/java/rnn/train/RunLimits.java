package rnn.train;

import rnn.UserInputException;
import rnn.config.RunBounds;

/**
 * When a run stops (its {@link RunBounds}, which the checkpoint keeps) and how often it reports, evaluates
 * and saves (flags of this run only).
 *
 * @param bounds          --epochs, --max-steps, --max-time, --patience
 * @param evalEvery       validate (and maybe save best.ckpt) every this many steps (--eval-every)
 * @param checkpointEvery save latest.ckpt every this many steps; 0 = at every validation (--checkpoint-every)
 * @param keepEvery       also keep step-N.ckpt every this many steps, never overwritten; 0 = none (--keep-every)
 * @param printEvery      one progress line and metrics entry every this many steps (--print-every)
 * @param maxRollbacks    times a diverging run may go back to its last checkpoint with half the learning rate
 *                        before it stops; 0 = stop at once (--on-divergence, --max-rollbacks)
 */
public record RunLimits(RunBounds bounds, int evalEvery, int checkpointEvery, int keepEvery, int printEvery, int maxRollbacks) {
    /** Limits that stop at the first divergence. */
    public RunLimits(RunBounds bounds, int evalEvery, int checkpointEvery, int keepEvery, int printEvery) {
        this(bounds, evalEvery, checkpointEvery, keepEvery, printEvery, 0);
    }

    public RunLimits {
        if (maxRollbacks < 0 || maxRollbacks > 100) {
            throw new UserInputException("--max-rollbacks must be between 0 and 100 (got " + maxRollbacks + ")");
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
        long epochs = bounds.epochs(), maxSteps = bounds.maxSteps();
        if (epochs > 0 && epochs <= Long.MAX_VALUE / stepsPerEpoch && step >= epochs * stepsPerEpoch) {
            return "--epochs " + epochs;
        }
        if (maxSteps > 0 && step >= maxSteps) {
            return "--max-steps " + maxSteps;
        }
        if (bounds.maxTime() != null && seconds >= bounds.maxTimeSeconds()) {
            return "--max-time " + ProgressReporter.format(bounds.maxTime());
        }
        return null;
    }
}
