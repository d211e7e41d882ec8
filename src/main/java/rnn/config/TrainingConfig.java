package rnn.config;

import rnn.UserInputException;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a model is trained (as opposed to its architecture, {@link ModelConfig}): one value of each
 * {@link TrainingSetting}, checked once when built. Saved in every checkpoint so that a resumed run
 * continues with the same settings. Built by name, never by position:
 * {@code TrainingConfig.builder().set(TrainingSetting.SEQ_LEN, 100)...build()}.
 * <p>
 * What each setting means, by accessor: seqLen, characters per stream per step (the truncated-BPTT
 * length); batch, parallel streams per step; learningRate, Adam's step size at the start; schedule, how it
 * moves over the run ({@link LrSchedule}); lrDecay, with the step schedule the factor applied after every
 * epoch; warmup, steps over which it rises linearly from lr/warmup to lr; clip, the maximum global gradient
 * norm (0: none); dropout, the rate after each recurrent layer, a fresh mask at every time step; lockedDropout,
 * the rate of a second mask there, one per stream for the whole chunk (variational dropout); embedDrop, the
 * rate at which whole characters are dropped (each symbol's embedding row, for a whole step); weightDrop, the DropConnect rate of the
 * recurrent weights Wh (AWD-LSTM's weight drop); weightDecay, decoupled weight decay of the weight matrices
 * (AdamW, Loshchilov and Hutter 2019: each step shrinks them by 1 - lr·weightDecay); ema, the decay per step
 * of the moving average of the weights that validation scores and checkpoints keep (0: none); valFrac, the fraction
 * of the text held out at its end for validation; seed, of the initial weights and the dropout masks;
 * forgetBias, how far above the other gates' uniform start an LSTM's forget-gate bias starts (0 is
 * PyTorch's start, 1 char-rnn's and Keras').
 */
public final class TrainingConfig {
    public static final int MAX_SEQ_LEN = 100_000;
    public static final int MAX_BATCH = 100_000;
    public static final double MAX_FORGET_BIAS = 10;
    public static final int MAX_WARMUP = 1_000_000_000;
    /** The default start: measured on tinyshakespeare (docs/measurements.md, "Learning"). */
    public static final double DEFAULT_FORGET_BIAS = 0;
    /** What checkpoints written before the option existed were started with. */
    public static final double FORMER_FORGET_BIAS = 1;

    private final Map<TrainingSetting<?>, Object> values;

    private TrainingConfig(Map<TrainingSetting<?>, Object> values) {
        this.values = Map.copyOf(values);
        for (TrainingSetting<?> setting : TrainingSetting.ALL) {
            String problem = setting.problem(this);
            if (problem != null) {
                throw new UserInputException(problem);
            }
        }
    }

    /** Collects one value per setting; {@link #build()} checks them all. */
    public static final class Builder {
        private final Map<TrainingSetting<?>, Object> values = new HashMap<>();

        private Builder() {
        }

        public <T> Builder set(TrainingSetting<T> setting, T value) {
            values.put(setting, setting.cast(Objects.requireNonNull(value, setting.flag())));
            return this;
        }

        /** Sets a value of the setting's type given as an Object (from a parser or a file); refuses another type. */
        public Builder setObject(TrainingSetting<?> setting, Object value) {
            values.put(setting, setting.cast(Objects.requireNonNull(value, setting.flag())));
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalStateException naming the settings not given
         * @throws UserInputException    naming the flag whose value is out of range
         */
        public TrainingConfig build() {
            if (!values.keySet().containsAll(TrainingSetting.ALL)) {
                throw new IllegalStateException("no value for " + TrainingSetting.ALL.stream()
                        .filter(s -> !values.containsKey(s)).map(TrainingSetting::flag).toList());
            }
            return new TrainingConfig(values);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.values.putAll(values);
        return builder;
    }

    /** The value of one setting. */
    public <T> T get(TrainingSetting<T> setting) {
        return setting.cast(values.get(setting));
    }

    public int seqLen() {
        return get(TrainingSetting.SEQ_LEN);
    }

    public int batch() {
        return get(TrainingSetting.BATCH);
    }

    public double learningRate() {
        return get(TrainingSetting.LEARNING_RATE);
    }

    public LrSchedule schedule() {
        return get(TrainingSetting.SCHEDULE);
    }

    public double lrDecay() {
        return get(TrainingSetting.LR_DECAY);
    }

    public int warmup() {
        return get(TrainingSetting.WARMUP);
    }

    public double clip() {
        return get(TrainingSetting.CLIP);
    }

    public double dropout() {
        return get(TrainingSetting.DROPOUT);
    }

    public double lockedDropout() {
        return get(TrainingSetting.LOCKED_DROPOUT);
    }

    public double embedDrop() {
        return get(TrainingSetting.EMBED_DROP);
    }

    public double weightDrop() {
        return get(TrainingSetting.WEIGHT_DROP);
    }

    public double weightDecay() {
        return get(TrainingSetting.WEIGHT_DECAY);
    }

    public double ema() {
        return get(TrainingSetting.EMA);
    }

    public double valFrac() {
        return get(TrainingSetting.VAL_FRAC);
    }

    public long seed() {
        return get(TrainingSetting.SEED);
    }

    public double forgetBias() {
        return get(TrainingSetting.FORGET_BIAS);
    }

    /** The learning rate of a step (0-based) in an epoch, {@code progress} (0..1) into the run: see {@link LrSchedule}. */
    public double learningRate(long step, long epoch, double progress) {
        return schedule().rate(this, step, epoch, progress);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingConfig config && values.equals(config.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("TrainingConfig[");
        for (TrainingSetting<?> setting : TrainingSetting.ALL) {
            text.append(text.length() > 15 ? ", " : "").append(setting.key()).append('=').append(values.get(setting));
        }
        return text.append(']').toString();
    }
}
