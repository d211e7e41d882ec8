package rnn.config;

import rnn.Numbers;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One training setting, declared once: its flag, its key in the checkpoint, its type, what checkpoints
 * written before it existed were trained with, its check, and when {@code info} shows it. {@link #ALL} is
 * the table: {@link TrainingConfig} holds one value of each; the manifest, {@code info} and the flags a
 * resumed run refuses all go through it, so adding a setting is one entry here (and its picocli option in
 * {@code TrainCommand}, which a test holds to this table).
 *
 * @param <T> Integer, Long, Double or LrSchedule
 */
public final class TrainingSetting<T> {
    /** How a value is typed, written and read. */
    public enum Kind { WHOLE, LONG, REAL, SCHEDULE }

    /** A setting's problem, given its value and the whole configuration (for checks that relate two); null if none. */
    interface Check<T> {
        String problem(T value, TrainingConfig config);
    }

    /** A probability or decay: at least 0 and below 1. */
    private static final Check<Double> RATE = (x, c) -> !(x >= 0 && x < 1) ? "must be at least 0 and below 1 (got " + x + ")" : null;

    public static final TrainingSetting<Integer> SEQ_LEN = new TrainingSetting<>("--seq-len", "seqLen", Kind.WHOLE, null,
            (n, c) -> n < 1 || n > TrainingConfig.MAX_SEQ_LEN ? "must be between 1 and " + TrainingConfig.MAX_SEQ_LEN + " (got " + n + ")" : null);
    public static final TrainingSetting<Integer> BATCH = new TrainingSetting<>("--batch", "batch", Kind.WHOLE, null,
            (n, c) -> n < 1 || n > TrainingConfig.MAX_BATCH ? "must be between 1 and " + TrainingConfig.MAX_BATCH + " (got " + n + ")" : null);
    public static final TrainingSetting<Double> LEARNING_RATE = new TrainingSetting<>("--lr", "learningRate", Kind.REAL, null,
            (x, c) -> !(x > 0 && x <= 10) ? "must be above 0 and at most 10 (got " + x + ")" : null);
    /** Absent from checkpoints before the schedules: they decayed per epoch if --lr-decay was not 1. */
    public static final TrainingSetting<LrSchedule> SCHEDULE = new TrainingSetting<>("--lr-schedule", "lrSchedule", Kind.SCHEDULE,
            saved -> (Double) saved.apply(TrainingSetting.LR_DECAY) == 1 ? LrSchedule.CONSTANT : LrSchedule.STEP,
            (s, c) -> s == null ? "must be constant, cosine or step" : null);
    public static final TrainingSetting<Double> LR_DECAY = new TrainingSetting<>("--lr-decay", "lrDecay", Kind.REAL, null,
            (x, c) -> !(x > 0 && x <= 1) ? "must be above 0 and at most 1 (got " + x + ")"
                    : x != 1 && c.schedule() != null && c.schedule() != LrSchedule.STEP
                    ? "applies to --lr-schedule step only (the schedule is " + c.schedule().flagValue()
                            + "); add --lr-schedule step or drop --lr-decay" : null);
    public static final TrainingSetting<Integer> WARMUP = new TrainingSetting<>("--warmup", "warmup", Kind.WHOLE, saved -> 0,
            (n, c) -> n < 0 || n > TrainingConfig.MAX_WARMUP
                    ? "must be 0 (none) or a number of steps up to " + TrainingConfig.MAX_WARMUP + " (got " + n + ")" : null);
    public static final TrainingSetting<Double> CLIP = new TrainingSetting<>("--clip", "clip", Kind.REAL, null,
            (x, c) -> !(x >= 0 && x < Double.POSITIVE_INFINITY) ? "must be 0 (off) or a positive number (got " + x + ")" : null);
    public static final TrainingSetting<Double> DROPOUT = new TrainingSetting<>("--dropout", "dropout", Kind.REAL, null, RATE);
    /** Absent from checkpoints before the option: they used none. */
    public static final TrainingSetting<Double> LOCKED_DROPOUT = new TrainingSetting<>("--locked-dropout", "lockedDropout", Kind.REAL,
            saved -> 0.0, RATE);
    /** Absent from checkpoints before the option: they used none. */
    public static final TrainingSetting<Double> EMBED_DROP = new TrainingSetting<>("--embed-drop", "embedDrop", Kind.REAL,
            saved -> 0.0, RATE);
    public static final TrainingSetting<Double> WEIGHT_DROP = new TrainingSetting<>("--weight-drop", "weightDrop", Kind.REAL,
            saved -> 0.0, RATE);
    public static final TrainingSetting<Double> WEIGHT_DECAY = new TrainingSetting<>("--weight-decay", "weightDecay", Kind.REAL,
            saved -> 0.0, (x, c) -> !(x >= 0 && x * c.learningRate() < 1)
                    ? "must be at least 0 and its product with --lr below 1 (got " + x + " with --lr " + c.learningRate() + ")" : null);
    /** Absent from checkpoints before the option: they kept no average. */
    public static final TrainingSetting<Double> EMA = new TrainingSetting<>("--ema", "ema", Kind.REAL, saved -> 0.0, RATE);
    public static final TrainingSetting<Double> VAL_FRAC = new TrainingSetting<>("--val-frac", "valFrac", Kind.REAL, null, RATE);
    public static final TrainingSetting<Long> SEED = new TrainingSetting<>("--seed", "seed", Kind.LONG, null, (n, c) -> null);
    /** Absent from checkpoints before the option: they started the forget gate 1 higher (char-rnn's, Keras'). */
    public static final TrainingSetting<Double> FORGET_BIAS = new TrainingSetting<>("--forget-bias", "forgetBias", Kind.REAL,
            saved -> TrainingConfig.FORMER_FORGET_BIAS, (x, c) -> !(Math.abs(x) <= TrainingConfig.MAX_FORGET_BIAS)
                    ? "must be between -" + (int) TrainingConfig.MAX_FORGET_BIAS + " and " + (int) TrainingConfig.MAX_FORGET_BIAS
                    + " (got " + x + ")" : null);

    /**
     * Every setting, in the order the checkpoint stores them and {@code info} shows them: the optimisation,
     * then the regularisers, then the held-out text and the seed.
     */
    public static final List<TrainingSetting<?>> ALL = List.of(SEQ_LEN, BATCH, LEARNING_RATE, SCHEDULE, LR_DECAY, WARMUP,
            CLIP, DROPOUT, LOCKED_DROPOUT, EMBED_DROP, WEIGHT_DROP, WEIGHT_DECAY, EMA, VAL_FRAC, SEED, FORGET_BIAS);

    private final String flag;
    private final String key;
    private final Kind kind;
    private final Function<Function<TrainingSetting<?>, Object>, T> before;
    private final Check<T> check;

    /**
     * @param before given the values of the other settings a checkpoint holds, what it was trained with when
     *               it has no value of this one (it was written before the setting existed); null if every
     *               checkpoint holds one
     */
    private TrainingSetting(String flag, String key, Kind kind, Function<Function<TrainingSetting<?>, Object>, T> before,
                            Check<T> check) {
        this.flag = flag;
        this.key = key;
        this.kind = kind;
        this.before = before;
        this.check = check;
    }

    /** The command-line flag: "--lr". */
    public String flag() {
        return flag;
    }

    /** The field of the checkpoint's "training" object: "learningRate". */
    public String key() {
        return key;
    }

    /** The field of {@code info --json}'s "training" object: the key, but "schedule" for lrSchedule, as it has always been. */
    public String infoKey() {
        return this == SCHEDULE ? "schedule" : key;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether checkpoints written before the setting existed lack it (and were trained with {@link #before}). */
    public boolean optional() {
        return before != null;
    }

    /** What a checkpoint without this setting was trained with, from the settings it does hold. */
    public T before(Function<TrainingSetting<?>, Object> saved) {
        return before.apply(saved);
    }

    /** The value as a Java object of this setting's type; refuses another type. */
    @SuppressWarnings("unchecked")
    T cast(Object value) {
        Class<?> type = switch (kind) {
            case WHOLE -> Integer.class;
            case LONG -> Long.class;
            case REAL -> Double.class;
            case SCHEDULE -> LrSchedule.class;
        };
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException(flag + " takes a " + type.getSimpleName() + ", not " + value.getClass().getSimpleName());
        }
        return (T) value;
    }

    /** The problem with this setting's value in a configuration, as a message naming the flag; null if none. */
    String problem(TrainingConfig config) {
        String problem = check.problem(config.get(this), config);
        return problem == null ? null : flag + " " + problem;
    }

    /** A value as a person writes it on the command line: 0.002, cosine, 100. */
    public String shown(Object value) {
        return value instanceof Double number ? Numbers.plain(number)
                : value instanceof LrSchedule schedule ? schedule.flagValue() : String.valueOf(value);
    }

    /** Whether {@code info} lists this setting's value: those that change nothing at their neutral value are left out. */
    public boolean shownBy(TrainingConfig config, CellType cell) {
        if (this == LR_DECAY) {
            return config.schedule() == LrSchedule.STEP;
        }
        if (this == WARMUP || this == LOCKED_DROPOUT || this == EMBED_DROP || this == WEIGHT_DROP || this == WEIGHT_DECAY || this == EMA) {
            return ((Number) config.get(this)).doubleValue() > 0;
        }
        return this != FORGET_BIAS || cell == CellType.LSTM;
    }

    @Override
    public String toString() {
        return flag.substring(2).toLowerCase(Locale.ROOT);
    }
}
