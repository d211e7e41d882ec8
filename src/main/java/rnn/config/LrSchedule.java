package rnn.config;

/**
 * How the learning rate moves over a run (--lr-schedule), after a linear warm-up of --warmup steps:
 * <pre>
 *   constant  lr
 *   step      lr · lrDecay^epoch                                  (char-rnn's per-epoch decay)
 *   cosine    lr · (floor + (1 - floor) · (1 + cos(π · p)) / 2)    p = fraction of the run done
 *   warm-up   each of the above times min(1, max((step + 1) / warmup, p / 0.1))
 * </pre>
 * p is the larger of steps done / the step bound (--epochs, --max-steps) and training time /
 * --max-time, so a run told "30 minutes" reaches the floor at 30 minutes, and the last step of a
 * run bounded by steps is taken at the floor. The floor is a tenth of --lr, as in nanoGPT.
 * The warm-up ends after --warmup steps or a tenth of the run, whichever comes first: the default 200 steps
 * are 1.3% of the default run, and a run of 100 steps still spends nine tenths of itself on the schedule.
 */
public enum LrSchedule {
    CONSTANT, COSINE, STEP;

    /** Where cosine ends, as a fraction of --lr. */
    public static final double COSINE_FLOOR = 0.1;

    /** The fraction of a run after which the warm-up is over, whatever --warmup says. */
    private static final double WARMUP_AT_MOST = 0.1;

    /**
     * The learning rate of one step.
     *
     * @param config   --lr, --lr-decay, --warmup
     * @param step     0-based index of the step about to be taken
     * @param epoch    0-based epoch that step belongs to
     * @param progress fraction of the run done when the step ends, 0..1 (cosine and the warm-up read it)
     */
    public double rate(TrainingConfig config, long step, long epoch, double progress) {
        double rate = switch (this) {
            case CONSTANT -> config.learningRate();
            case STEP -> config.learningRate() * Math.pow(config.lrDecay(), epoch);
            case COSINE -> config.learningRate()
                    * (COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress)))));
        };
        if (config.warmup() == 0) {
            return rate;
        }
        double warmed = Math.max((step + 1.0) / config.warmup(), progress / WARMUP_AT_MOST);
        return rate * Math.min(1, warmed);
    }

    /** The name on the command line and in the checkpoint: constant, cosine, step. */
    public String flagValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
