package rnn.train;

import rnn.UserInputException;
import rnn.Version;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.checkpoint.Manifest;
import rnn.config.LrSchedule;
import rnn.config.ModelConfig;
import rnn.config.TrainingConfig;
import rnn.config.TrainingText;
import rnn.model.Dropouts;
import rnn.model.Network;
import rnn.model.Parameters;
import rnn.model.RecurrentState;
import rnn.model.SavedModel;
import rnn.text.Batch;
import rnn.text.Corpus;
import rnn.text.StreamBatcher;
import rnn.text.Symbols;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The training loop: stateful truncated BPTT with Adam and global-norm clipping.
 * <pre>
 *   for each step: batch = next seqLen chars of every stream (state reset at each epoch start)
 *                  logits = model(batch, state)   (state carried, detached, to the next step)
 *                  loss, backward, clip, Adam
 *                  every evalEvery steps: validation loss; best.ckpt if it improved; latest.ckpt;
 *                                         stop if --patience validations in a row did not improve
 * </pre>
 * A run resumed from latest.ckpt continues exactly: weights, Adam moments, step (hence data
 * position and learning rate), carried state and dropout masks (derived from seed and step), the
 * training time (a cosine schedule bounded by --max-time reads it) and the validations since the best.
 */
public final class Trainer {
    public static final String LATEST = "latest.ckpt";
    public static final String BEST = "best.ckpt";
    public static final String METRICS = "metrics.jsonl";
    public static final String LOSS_CHART = "loss.png";

    /** How a run ended. */
    public enum Outcome { COMPLETED, INTERRUPTED }

    /**
     * What a run came to, for `train --json`.
     *
     * @param stoppedBy   why it stopped: the bound's flag ("--max-steps 500"), "--patience N", or "interrupted"
     * @param bestValLoss the best validation loss so far, nats/char; null without validation
     * @param seconds     training time across all runs of this model
     */
    public record Summary(String stoppedBy, long step, double epoch, double trainLoss, Double bestValLoss, double seconds,
                          Path latest, Path best) {
    }

    private final Network network;
    private final WeightAverage average; // --ema: what validation scores and the checkpoints keep; null without
    private final Adam adam;
    private final Corpus corpus;
    private final TrainingConfig config;
    private final Dropouts dropouts;  // the config's rates, as the network takes them
    private final RunLimits limits;
    private final Path directory;
    private final ProgressReporter reporter;
    private final StreamBatcher trainBatches;
    private final StreamBatcher validationBatches; // null when --val-frac is 0
    private final RecurrentState state;
    private long step;
    private double priorSeconds;   // training time of earlier runs of this model
    private long runStart;         // System.nanoTime() when this run began
    private double trainLoss = Double.NaN;
    private Double valLoss;
    private Double bestValLoss;
    private int sinceBest;         // validations since the best one, for --patience
    private int rollbacks;         // divergences rolled back so far: the learning rate is scaled by 1/2^rollbacks
    private final long lastStep;   // where the step bounds end the run; Long.MAX_VALUE if none
    private double learningRate;   // of the last step taken
    private final List<ValidationListener> listeners = new ArrayList<>();
    private final TrainingText text;  // saved in every checkpoint
    private String stoppedBy;         // set when run() returns

    private Trainer(Network network, Adam adam, Corpus corpus, TrainingConfig config, RunLimits limits, Path directory,
                    ProgressReporter reporter) {
        this.network = network;
        this.average = config.ema() > 0 ? new WeightAverage(network.parameters(), config.ema()) : null;
        this.adam = adam;
        this.corpus = corpus;
        this.config = config;
        this.dropouts = new Dropouts(config.dropout(), config.lockedDropout(), config.embedDrop(), config.weightDrop());
        this.limits = limits;
        this.directory = directory;
        this.reporter = reporter;
        this.text = textOf(corpus);
        if (config.schedule() == LrSchedule.COSINE && !limits.bounds().bounded()) {
            throw new UserInputException("--lr-schedule cosine decays over the whole run, and this run has no end; "
                    + "set --epochs, --max-steps or --max-time");
        }
        Symbols trainIds = corpus.training();
        long needed = StreamBatcher.minimumLength(config.batch(), config.seqLen());
        if (trainIds.length() < needed) {
            throw new UserInputException(String.format(Locale.ROOT,
                    "the training text has %d characters but one batch needs %d (--batch %d x (--seq-len %d + 1)); "
                            + "give a longer corpus or lower --batch / --seq-len",
                    trainIds.length(), needed, config.batch(), config.seqLen()));
        }
        this.trainBatches = new StreamBatcher(trainIds, config.batch(), config.seqLen(), corpus.endOfRecord());
        Symbols valIds = corpus.validation();
        int valStreams = StreamBatcher.streamsFor(valIds.length(), config.batch(), config.seqLen());
        boolean validated = config.valFrac() > 0 || !corpus.validationNames().isEmpty();
        if (validated && valStreams < 1) {
            throw new UserInputException("the validation part (" + (corpus.validationNames().isEmpty()
                    ? "--val-frac " + rnn.Numbers.plain(config.valFrac()) : "--val-file " + corpus.validationNames().get(0)) + ") has "
                    + valIds.length() + " characters, fewer than --seq-len + 1 = " + (config.seqLen() + 1)
                    + "; give more held-out text, lower --seq-len, or use --val-frac 0");
        }
        this.validationBatches = validated ? new StreamBatcher(valIds, valStreams, config.seqLen(), corpus.endOfRecord()) : null;
        this.state = network.newState(config.batch());
        this.lastStep = limits.bounds().lastStep(trainBatches.stepsPerEpoch());
    }

    /** A new model on a corpus, trained on {@code threads} threads. */
    public static Trainer start(ModelConfig architecture, TrainingConfig config, Corpus corpus, RunLimits limits,
                                Path directory, ProgressReporter reporter, int threads) {
        MemoryEstimate.check(architecture, config, threads);
        Parameters parameters = Parameters.initialized(architecture, config.seed(), config.forgetBias());
        Network network = new Network(parameters, Network.Threads.forTraining(config.batch(), threads));
        return new Trainer(network, new Adam(parameters, config.weightDecay()), corpus, config, limits, directory, reporter);
    }

    /**
     * A new run from trained weights (fine-tuning, as char-rnn's and nanoGPT's init_from): a fresh optimizer,
     * schedule and carried state; the corpus is encoded with the weights' vocabulary.
     */
    public static Trainer fineTune(Parameters weights, TrainingConfig config, Corpus corpus, RunLimits limits,
                                   Path directory, ProgressReporter reporter, int threads) {
        ModelConfig architecture = weights.config();
        MemoryEstimate.check(architecture, config, threads);
        Network network = new Network(weights, Network.Threads.forTraining(config.batch(), threads));
        return new Trainer(network, new Adam(weights, config.weightDecay()), corpus, config, limits, directory, reporter);
    }

    /** Continues the run saved in a checkpoint, on a corpus encoded with the checkpoint's vocabulary. */
    public static Trainer resume(Checkpoint checkpoint, Corpus corpus, RunLimits limits, Path directory,
                                 ProgressReporter reporter, int threads) {
        ModelConfig architecture = checkpoint.manifest().architecture();
        TrainingConfig training = checkpoint.manifest().training();
        MemoryEstimate.check(architecture, training, threads);
        if (!RunSnapshot.resumable(checkpoint)) {
            throw new UserInputException("the checkpoint holds no optimizer state, so training cannot resume from it exactly; "
                    + "resume from latest.ckpt or best.ckpt written by 'rnn train'");
        }
        TrainingText trainedOn = checkpoint.manifest().text();
        TrainingText given = textOf(corpus);
        if (trainedOn != null && !trainedOn.sameText(given)) {
            throw new UserInputException("the checkpoint was trained on " + trainedOn + ", and " + given + " is other text; "
                    + "a resumed run counts epochs and data positions in its own text: resume on that text, or start a new run "
                    + "from these weights with --init-from");
        }
        Parameters parameters = SavedModel.parameters(checkpoint);
        Adam adam = new Adam(parameters, training.weightDecay());
        adam.restore(checkpoint);
        Network network = new Network(parameters, Network.Threads.forTraining(training.batch(), threads));
        Manifest.Progress progress = checkpoint.manifest().progress();
        Trainer trainer = new Trainer(network, adam, corpus, training, limits, directory, reporter);
        RunSnapshot.restoreState(checkpoint, trainer.state);
        if (trainer.average != null) {
            trainer.average.restore(checkpoint, parameters);
        }
        trainer.step = progress.step();
        trainer.priorSeconds = progress.elapsedSeconds();
        trainer.trainLoss = progress.trainLoss();
        trainer.valLoss = progress.valLoss();
        trainer.bestValLoss = progress.bestValLoss();
        trainer.sinceBest = progress.sinceBest();
        trainer.rollbacks = progress.rollbacks();
        return trainer;
    }

    /** Tells the listener of every validation, after it is logged and before best.ckpt is saved. */
    public Trainer onValidation(ValidationListener listener) {
        listeners.add(listener);
        return this;
    }

    public long step() {
        return step;
    }

    /** Trains until a bound is reached or {@code stopRequested} turns true (then saves latest.ckpt). */
    public Outcome run(BooleanSupplier stopRequested) {
        long stepsPerEpoch = trainBatches.stepsPerEpoch();
        ModelConfig architecture = network.config();
        reporter.message(String.format(Locale.ROOT,
                "%s %d x %d (embed %d), %s parameters, vocabulary %d; %s training chars, %s; "
                        + "%d step%s per epoch of %d x %d chars",
                architecture.cell(), architecture.layers(), architecture.hidden(), architecture.embed(),
                ProgressReporter.thousands(architecture.parameterCount()), architecture.vocabSize(),
                ProgressReporter.thousands(trainBatches.symbolsPerEpoch()),
                validationBatches == null ? "no validation" : ProgressReporter.thousands(validationBatches.symbolsPerEpoch()) + " validation",
                stepsPerEpoch, stepsPerEpoch == 1 ? "" : "s", config.batch(), config.seqLen()));
        if (step == 0) { // a new run: a word when the model is far from the size its text supports
            SizeAdvice.of(architecture, trainBatches.symbolsPerEpoch()).ifPresent(reporter::message);
        }
        runStart = System.nanoTime();
        CheckpointFile.removeStaleTemporaries(directory);
        String reached = limits.reached(step, stepsPerEpoch, elapsedSeconds());
        if (reached != null) {
            reporter.message(String.format(Locale.ROOT, "already at step %d after %s of training: %s is reached; "
                    + "raise it, or clear it with %s 0, to train further", step,
                    ProgressReporter.format(seconds(elapsedSeconds())), reached, reached.split(" ")[0]));
            stoppedBy = reached;
            return Outcome.COMPLETED;
        }
        if (patienceRunOut()) {
            reporter.message("already stopped early at step " + step + ": no better validation loss in " + sinceBest
                    + " validations; raise --patience (or set --patience 0) to train further");
            stoppedBy = "--patience " + limits.bounds().patience();
            return Outcome.COMPLETED;
        }
        if (step > 0) {
            reporter.message("resuming at step " + step + " (epoch " + step / stepsPerEpoch + ")");
        }
        long charsPerStep = (long) config.batch() * config.seqLen();
        Throughput throughput = new Throughput(charsPerStep);
        boolean estimated = false;
        boolean savedAtLastStep = false;
        try (MetricsLog metrics = MetricsLog.continuing(directory.resolve(METRICS), step, reporter::warning)) {
            while (step < lastStep && !timeUp() && !patienceRunOut() && !stopRequested.getAsBoolean()) {
                try {
                    trainStep(stepsPerEpoch);
                } catch (TrainingFailedException diverged) {
                    rollBack(diverged, metrics); // or rethrows
                    throughput.paused();
                    continue;
                }
                throughput.stepDone();
                savedAtLastStep = false;
                double epoch = (double) step / stepsPerEpoch;
                double charsPerSecond = throughput.charsPerSecond();
                if (!estimated && charsPerSecond > 0) { // NaN until measured
                    estimated = true;
                    double epochSeconds = trainBatches.symbolsPerEpoch() / charsPerSecond;
                    reporter.message(String.format(Locale.ROOT, "speed %s chars/s: about %s per epoch",
                            ProgressReporter.thousands(charsPerSecond),
                            epochSeconds < 1 ? "under a second" : ProgressReporter.format(seconds(epochSeconds))));
                }
                boolean scheduled = step % limits.printEvery() == 0;
                reporter.step(step, epoch, trainLoss, learningRate, charsPerSecond, expectedEnd(charsPerSecond / charsPerStep),
                        scheduled);
                if (scheduled) {
                    metrics.training(step, epoch, trainLoss, learningRate, charsPerSecond);
                }
                boolean evaluate = step % limits.evalEvery() == 0;
                if (evaluate) {
                    validate(metrics, epoch);
                }
                if (evaluate && limits.checkpointEvery() == 0
                        || limits.checkpointEvery() > 0 && step % limits.checkpointEvery() == 0) {
                    save(LATEST);
                    savedAtLastStep = true;
                }
                boolean kept = limits.keepEvery() > 0 && step % limits.keepEvery() == 0;
                if (kept) {
                    save(keptName(step));
                }
                if (evaluate || savedAtLastStep || kept) {
                    throughput.paused(); // validation and saving are not training speed
                }
            }
            if (stopRequested.getAsBoolean()) {
                save(LATEST);
                reporter.message("interrupted at step " + step + "; saved " + directory.resolve(LATEST)
                        + " (resume with --resume " + directory.resolve(LATEST) + ")");
                stoppedBy = "interrupted";
                return Outcome.INTERRUPTED;
            }
            if (step % limits.evalEvery() != 0) {
                validate(metrics, (double) step / stepsPerEpoch);
            }
            if (patienceRunOut()) {
                reporter.message(String.format(Locale.ROOT,
                        "stopping early at step %d: no better validation loss in %d validations (--patience %d)",
                        step, sinceBest, limits.bounds().patience()));
            }
            // Saved again when the time ran out after the last save: the checkpoint then records a training
            // time at the bound, so a resume says the bound is reached instead of taking a few more steps.
            if (!savedAtLastStep || timeUp()) {
                save(LATEST);
            }
        }
        String bound = limits.reached(step, stepsPerEpoch, elapsedSeconds());
        stoppedBy = bound != null ? bound : patienceRunOut() ? "--patience " + limits.bounds().patience() : "the end of its bounds";
        reporter.message(String.format(Locale.ROOT, "done at step %d (epoch %.2f%s): train loss %.4f%s; checkpoints in %s",
                step, (double) step / stepsPerEpoch, bound == null ? "" : ", " + bound + " reached", trainLoss,
                bestValLoss == null ? "" : String.format(Locale.ROOT, ", best validation %.4f nats/char (%.3f bits/char)",
                        bestValLoss, bestValLoss / Math.log(2)),
                directory));
        return Outcome.COMPLETED;
    }

    private static TrainingText textOf(Corpus corpus) {
        return new TrainingText(corpus.names(), corpus.validationNames(), corpus.length(), corpus.training().length(),
                corpus.fingerprint(), corpus.holdsOutEachFile(), corpus.records() == null ? null : corpus.records().flagValue());
    }

    /** What the run came to; call after {@link #run}. */
    public Summary summary() {
        return new Summary(stoppedBy, step, (double) step / trainBatches.stepsPerEpoch(), trainLoss, bestValLoss, elapsedSeconds(),
                directory.resolve(LATEST), directory.resolve(BEST));
    }

    /** Where and when this run should end at this speed (see {@link #expectedEnd(long, long, Double, double, double)}). */
    private ProgressReporter.End expectedEnd(double stepsPerSecond) {
        return expectedEnd(step, lastStep, limits.bounds().maxTimeSeconds(),
                elapsedSeconds(), stepsPerSecond);
    }

    /**
     * Where and when a run at {@code step} should end: by whichever of the step bound ({@code lastStep},
     * Long.MAX_VALUE if none) and the time bound ({@code maxSeconds} of training, null if none) comes first at
     * this speed. While the speed is unknown (0, the first seconds) only a lone bound says where the end is.
     * Null when nothing can be said.
     */
    static ProgressReporter.End expectedEnd(long step, long lastStep, Double maxSeconds, double elapsedSeconds,
                                            double stepsPerSecond) {
        boolean stepBound = lastStep != Long.MAX_VALUE;
        double byTime = maxSeconds == null ? Double.POSITIVE_INFINITY : Math.max(0, maxSeconds - elapsedSeconds);
        if (!(stepsPerSecond > 0)) {
            return stepBound && maxSeconds == null ? new ProgressReporter.End(String.valueOf(lastStep), null)
                    : !stepBound && maxSeconds != null ? new ProgressReporter.End(null, seconds(byTime)) : null;
        }
        double bySteps = stepBound ? (lastStep - step) / stepsPerSecond : Double.POSITIVE_INFINITY;
        if (byTime < bySteps) {
            return new ProgressReporter.End("~" + (step + Math.round(byTime * stepsPerSecond)), seconds(byTime));
        }
        return stepBound ? new ProgressReporter.End(String.valueOf(lastStep), seconds(bySteps)) : null;
    }

    /** The file --keep-every keeps at a step: step-000400.ckpt, so that names sort by step. */
    private static String keptName(long step) {
        return String.format(Locale.ROOT, "step-%06d.ckpt", step);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofSeconds(Math.round(seconds));
    }

    private void trainStep(long stepsPerEpoch) {
        long stepInEpoch = step % stepsPerEpoch;
        if (stepInEpoch == 0) {
            state.reset(); // each epoch starts every stream afresh
        }
        Batch batch = trainBatches.batch((int) stepInEpoch);
        learningRate = config.learningRate(step, step / stepsPerEpoch, progress(step + 1)) * lrScale();
        double loss = network.trainingStep(batch.inputs(), batch.targets(), batch.seqLen(), state, dropouts, maskSeed(step),
                batch.recordStarts());
        if (!Double.isFinite(loss)) {
            throw diverged("the loss became " + loss);
        }
        double norm = GradientClipping.clip(network.parameters(), config.clip());
        if (!Double.isFinite(norm)) {
            throw diverged("the gradient norm became " + norm);
        }
        adam.update(learningRate);
        trainLoss = loss;
        step++;
        if (average != null) {
            average.update(network.parameters().values(), step);
        }
    }

    /** What the rollbacks so far have left of the schedule's learning rate: halved at each. */
    private double lrScale() {
        return Math.scalb(1.0, -rollbacks);
    }

    /**
     * --on-divergence rollback: back to the last checkpoint this run saved (latest.ckpt: weights, Adam's moments,
     * carried state, step), the learning rate halved from there on, one line on stderr and an entry in
     * metrics.jsonl. The best validation loss so far stays (best.ckpt is not touched). Rethrows the divergence
     * when the rollbacks are used up, or when there is no checkpoint to go back to yet.
     */
    private void rollBack(TrainingFailedException diverged, MetricsLog metrics) {
        Path latest = directory.resolve(LATEST);
        if (limits.maxRollbacks() == 0) {
            throw diverged;
        }
        if (rollbacks >= limits.maxRollbacks() || !java.nio.file.Files.exists(latest)) {
            throw new TrainingFailedException(diverged.getMessage() + (rollbacks >= limits.maxRollbacks()
                    ? " (after " + rollbacks + " rollback" + (rollbacks == 1 ? "" : "s") + ", --max-rollbacks " + limits.maxRollbacks() + ")"
                    : " (before its first checkpoint: nothing to roll back to)"));
        }
        long divergedAt = step + 1;
        Checkpoint good = CheckpointFile.read(latest);
        Parameters parameters = network.parameters();
        if (average != null) {
            average.restore(good, parameters);
        } else {
            for (Parameters.View view : parameters.views()) {
                parameters.set(view.name(), good.require("param." + view.name()).data());
            }
        }
        adam.restore(good);
        RunSnapshot.restoreState(good, state);
        Manifest.Progress progress = good.manifest().progress();
        step = progress.step();
        trainLoss = progress.trainLoss();
        valLoss = progress.valLoss();
        rollbacks = Math.max(rollbacks, progress.rollbacks()) + 1;
        String reason = diverged.getMessage().replaceAll("^training diverged at step \\d+: (.*?); lower --lr.*$", "$1");
        metrics.rollback(step, divergedAt, reason, lrScale());
        reporter.message(String.format(Locale.ROOT, "diverged at step %d (%s): rolled back to step %d (latest.ckpt) with the "
                + "learning rate halved, now %s of the schedule's; rollback %d of %d (--max-rollbacks)", divergedAt, reason, step,
                rnn.Numbers.plain(lrScale()), rollbacks, limits.maxRollbacks()));
    }

    /**
     * The fraction of the run done once {@code stepsDone} steps are: the larger of the step bound's and the
     * time bound's fractions, so the cosine schedule reaches its floor at whichever ends the run first.
     */
    private double progress(long stepsDone) {
        double done = lastStep == Long.MAX_VALUE ? 0 : (double) stepsDone / lastStep;
        if (limits.bounds().maxTime() != null) {
            done = Math.max(done, elapsedSeconds() / limits.bounds().maxTimeSeconds());
        }
        return Math.min(1, done);
    }

    private boolean patienceRunOut() {
        return limits.bounds().patience() > 0 && sinceBest >= limits.bounds().patience();
    }

    private TrainingFailedException diverged(String what) {
        return new TrainingFailedException(String.format(Locale.ROOT,
                "training diverged at step %d: %s; lower --lr (now %s) or set --clip; checkpoints already in %s are intact",
                step + 1, what, rnn.Numbers.plain(config.learningRate()), directory));
    }

    /** Dropout masks depend only on (seed, step), so a resumed run draws the same ones. */
    private long maskSeed(long step) {
        return config.seed() * 0x9E3779B97F4A7C15L + step;
    }

    /** Mean loss over the whole validation text, streams carried step to step as in training. */
    private double validationLoss() {
        RecurrentState valState = network.newState(validationBatches.batch());
        double sum = 0;
        int steps = validationBatches.stepsPerEpoch();
        for (int s = 0; s < steps; s++) {
            Batch batch = validationBatches.batch(s);
            sum += network.loss(batch.inputs(), batch.targets(), batch.seqLen(), valState, batch.recordStarts());
        }
        return sum / steps;
    }

    private void validate(MetricsLog metrics, double epoch) {
        if (validationBatches == null) {
            return;
        }
        float[] weights = network.parameters().values();
        boolean best;
        if (average != null) {
            average.swap(weights); // validation and the preview see the average: the model the checkpoints keep
        }
        try {
            valLoss = validationLoss();
            best = recordValidation(metrics, epoch);
        } finally {
            if (average != null) {
                average.swap(weights);
            }
        }
        if (best) {
            save(BEST);
        }
    }

    /** Logs a validation, keeps the best loss, says so, and tells the listeners; returns whether it is the best. */
    private boolean recordValidation(MetricsLog metrics, double epoch) {
        metrics.validation(step, epoch, valLoss, elapsedSeconds());
        boolean best = bestValLoss == null || valLoss < bestValLoss;
        if (best) {
            bestValLoss = valLoss;
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        reporter.message(String.format(Locale.ROOT, "step %d: validation loss %.4f nats/char (%.3f bits/char)%s",
                step, valLoss, valLoss / Math.log(2), best ? ", best so far: saved " + BEST : ""));
        ValidationListener.Validation validation = new ValidationListener.Validation(step, valLoss, best, network::characterModel,
                corpus.vocabulary(), corpus.endOfRecord(), config.seed());
        for (ValidationListener listener : listeners) {
            listener.validated(validation);
        }
        return best;
    }

    /** Training time across this and earlier runs. */
    private double elapsedSeconds() {
        return priorSeconds + (System.nanoTime() - runStart) / 1e9;
    }

    private boolean timeUp() {
        return limits.bounds().maxTime() != null && elapsedSeconds() >= limits.bounds().maxTimeSeconds();
    }

    private void save(String name) {
        long stepsPerEpoch = trainBatches.stepsPerEpoch();
        Manifest manifest = new Manifest(CheckpointFile.FORMAT_VERSION, "rnn " + Version.VERSION, Instant.now().toString(),
                network.config(), corpus.vocabulary().codePoints(), config,
                new Manifest.Progress(step, step / stepsPerEpoch, trainLoss, valLoss, bestValLoss, elapsedSeconds(), sinceBest, rollbacks),
                limits.bounds(), text);
        Checkpoint checkpoint = RunSnapshot.capture(manifest, network.parameters(), adam, state, average);
        CheckpointFile.write(directory.resolve(name), checkpoint);
        if (validationBatches == null && name.equals(LATEST)) {
            CheckpointFile.write(directory.resolve(BEST), checkpoint); // without validation, the latest is the best we know
        }
    }
}
