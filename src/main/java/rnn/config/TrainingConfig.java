package rnn.config;

import rnn.UserInputException;

/**
 * How a model is trained (as opposed to its architecture, {@link rnn.config.ModelConfig}). Saved in
 * every checkpoint so that a resumed run continues with the same settings.
 *
 * @param seqLen       characters per stream per step: the truncated-BPTT length (--seq-len)
 * @param batch        parallel streams per step (--batch)
 * @param dropout      dropout rate after each recurrent layer while training (--dropout)
 * @param learningRate Adam's step size at epoch 0 (--lr)
 * @param lrDecay      with the step schedule, the factor applied to the learning rate after every
 *                     epoch; 1 = none (--lr-decay)
 * @param schedule     how the learning rate moves over the run (--lr-schedule)
 * @param warmup       steps over which the learning rate rises linearly from lr/warmup to lr; 0 = none
 *                     (--warmup)
 * @param clip         maximum global gradient norm; 0 = no clipping (--clip)
 * @param valFrac      fraction of the corpus held out at its end for validation (--val-frac)
 * @param seed         seeds the initial weights and the dropout masks (--seed)
 * @param forgetBias   how far above the other gates' uniform start an LSTM's forget-gate bias starts
 *                     (--forget-bias); 0 is PyTorch's start, 1 char-rnn's and Keras'
 * @param weightDecay  decoupled weight decay of the weight matrices (AdamW, Loshchilov and Hutter 2019):
 *                     each step shrinks them by the factor 1 - lr·weightDecay; 0 = none (--weight-decay)
 * @param weightDrop   DropConnect rate of the recurrent weights Wh while training (AWD-LSTM's weight drop);
 *                     0 = none (--weight-drop)
 */
public record TrainingConfig(int seqLen, int batch, double dropout, double learningRate, double lrDecay,
                             LrSchedule schedule, int warmup, double clip, double valFrac, long seed, double forgetBias,
                             double weightDecay, double weightDrop) {
    public static final int MAX_SEQ_LEN = 100_000;
    public static final int MAX_BATCH = 100_000;
    public static final double MAX_FORGET_BIAS = 10;
    public static final int MAX_WARMUP = 1_000_000_000;
    /** The default start: measured on tinyshakespeare (README, "Learning"). */
    public static final double DEFAULT_FORGET_BIAS = 0;
    /** What checkpoints written before the option existed were started with. */
    public static final double FORMER_FORGET_BIAS = 1;

    /** Settings without weight decay or weight drop: what every run was before those options existed. */
    public TrainingConfig(int seqLen, int batch, double dropout, double learningRate, double lrDecay,
                          LrSchedule schedule, int warmup, double clip, double valFrac, long seed, double forgetBias) {
        this(seqLen, batch, dropout, learningRate, lrDecay, schedule, warmup, clip, valFrac, seed, forgetBias, 0, 0);
    }

    public TrainingConfig {
        if (seqLen < 1 || seqLen > MAX_SEQ_LEN) {
            throw new UserInputException("--seq-len must be between 1 and " + MAX_SEQ_LEN + " (got " + seqLen + ")");
        }
        if (batch < 1 || batch > MAX_BATCH) {
            throw new UserInputException("--batch must be between 1 and " + MAX_BATCH + " (got " + batch + ")");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UserInputException("--dropout must be at least 0 and below 1 (got " + dropout + ")");
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new UserInputException("--lr must be above 0 and at most 10 (got " + learningRate + ")");
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new UserInputException("--lr-decay must be above 0 and at most 1 (got " + lrDecay + ")");
        }
        if (schedule == null) {
            throw new UserInputException("--lr-schedule must be constant, cosine or step");
        }
        if (lrDecay != 1 && schedule != LrSchedule.STEP) {
            throw new UserInputException("--lr-decay applies to --lr-schedule step only (the schedule is "
                    + schedule.flagValue() + "); add --lr-schedule step or drop --lr-decay");
        }
        if (warmup < 0 || warmup > MAX_WARMUP) {
            throw new UserInputException("--warmup must be 0 (none) or a number of steps up to " + MAX_WARMUP
                    + " (got " + warmup + ")");
        }
        if (!(clip >= 0 && clip < Double.POSITIVE_INFINITY)) {
            throw new UserInputException("--clip must be 0 (off) or a positive number (got " + clip + ")");
        }
        if (!(valFrac >= 0 && valFrac < 1)) {
            throw new UserInputException("--val-frac must be at least 0 and below 1 (got " + valFrac + ")");
        }
        if (!(Math.abs(forgetBias) <= MAX_FORGET_BIAS)) {
            throw new UserInputException("--forget-bias must be between -" + (int) MAX_FORGET_BIAS + " and "
                    + (int) MAX_FORGET_BIAS + " (got " + forgetBias + ")");
        }
        if (!(weightDecay >= 0 && weightDecay * learningRate < 1)) {
            throw new UserInputException("--weight-decay must be at least 0 and its product with --lr below 1 (got "
                    + weightDecay + " with --lr " + learningRate + ")");
        }
        if (!(weightDrop >= 0 && weightDrop < 1)) {
            throw new UserInputException("--weight-drop must be at least 0 and below 1 (got " + weightDrop + ")");
        }
    }

    /** The learning rate of a step (0-based) in an epoch, {@code progress} (0..1) into the run: see {@link LrSchedule}. */
    public double learningRate(long step, long epoch, double progress) {
        return schedule.rate(this, step, epoch, progress);
    }
}
