package rnn.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rnn.UserInputException;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.config.CellType;
import rnn.config.LrSchedule;
import rnn.config.ModelConfig;
import rnn.config.RunBounds;
import rnn.config.TrainingConfig;
import rnn.config.TrainingSetting;
import rnn.model.SavedModel;
import rnn.plot.TrainingChart;
import rnn.sample.Sampler;
import rnn.text.Corpus;
import rnn.text.Records;
import rnn.train.ProgressReporter;
import rnn.train.RunDirectory;
import rnn.train.RunLimits;
import rnn.train.Trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train a model on text files; writes latest.ckpt, best.ckpt and metrics.jsonl to the checkpoint directory.",
                "Progress goes to stderr; nothing is written to stdout but the --json summary."},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn train corpora/tinyshakespeare.txt",
                "  rnn train notes.txt --cell gru --hidden 128 --max-time 10m",
                "  rnn train corpus.txt --resume checkpoints/latest.ckpt --epochs 30"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CORPUS", arity = "1..*",
            description = "UTF-8 text file(s) to learn from, concatenated; '-' reads stdin, and a pipe or FIFO is read once.")
    List<Path> corpus;

    // Validated (validate = true) groups of optional options: a repeated option is a usage error. With
    // validate = false picocli silently started a new group match and dropped the group's other options.
    @ArgGroup(exclusive = false, heading = "%nModel:%n", order = 1)
    ModelOptions model = new ModelOptions();

    @ArgGroup(exclusive = false, heading = "%nOptimisation:%n", order = 2)
    OptimisationOptions optimisation = new OptimisationOptions();

    @ArgGroup(exclusive = false, heading = "%nRun length and output:%n", order = 3)
    RunOptions run = new RunOptions();

    @Mixin
    EngineOptions engine;

    static final class ModelOptions {
        @Option(names = "--cell", paramLabel = "lstm|gru|rnn", defaultValue = "lstm",
                description = "Recurrent cell (default: ${DEFAULT-VALUE}).")
        CellType cell;
        @Option(names = "--layers", paramLabel = "N", defaultValue = "2", description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
        int layers;
        @Option(names = "--hidden", paramLabel = "N", defaultValue = "256", description = "Hidden size of each layer (default: ${DEFAULT-VALUE}).")
        int hidden;
        @Option(names = "--embed", paramLabel = "N", defaultValue = "64", description = "Embedding size (default: ${DEFAULT-VALUE}).")
        int embed;
        @Option(names = "--dropout", paramLabel = "P", defaultValue = "0.2", description = "Dropout after each recurrent layer while training, 0 to <1 (default: ${DEFAULT-VALUE}).")
        double dropout;
        @Option(names = "--locked-dropout", paramLabel = "P", defaultValue = "0",
                description = "Locked (variational) dropout after each recurrent layer while training: one mask per stream "
                        + "for all the steps of a chunk, 0 to <1; with --dropout, both masks apply (default: ${DEFAULT-VALUE}).")
        double lockedDropout;
        @Option(names = "--embed-drop", paramLabel = "P", defaultValue = "0",
                description = "Drop whole characters while training: each step, each symbol's embedding is zeroed "
                        + "with this probability wherever it occurs, 0 to <1 (AWD-LSTM's embedding dropout; default: ${DEFAULT-VALUE}).")
        double embedDrop;
        @Option(names = "--weight-drop", paramLabel = "P", defaultValue = "0.3",
                description = "DropConnect on each layer's recurrent weights while training, 0 to <1 (AWD-LSTM's weight drop; default: ${DEFAULT-VALUE}).")
        double weightDrop;
    }

    static final class OptimisationOptions {
        @Option(names = "--seq-len", paramLabel = "N", defaultValue = "100", description = "Characters per step: the truncated BPTT length (default: ${DEFAULT-VALUE}).")
        int seqLen;
        @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Parallel text streams per step (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--lr", paramLabel = "X", defaultValue = "5e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
        double lr;
        @Option(names = "--lr-schedule", paramLabel = "constant|cosine|step", defaultValue = "cosine",
                description = "How the learning rate moves: cosine decays it to a tenth of --lr exactly when the run ends "
                        + "(at --epochs, --max-steps or --max-time); step multiplies it by --lr-decay every epoch "
                        + "(default: ${DEFAULT-VALUE}; step if only --lr-decay is given).")
        LrSchedule schedule;
        @Option(names = "--warmup", paramLabel = "N", defaultValue = "200",
                description = "Raise the learning rate linearly over the first N steps, or the first tenth of the run if that is sooner; "
                        + "0 = none (default: ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--lr-decay", paramLabel = "F", defaultValue = "1", description = "With --lr-schedule step: multiply the learning rate by this after every epoch (default: ${DEFAULT-VALUE}).")
        double lrDecay;
        @Option(names = "--clip", paramLabel = "X", defaultValue = "5", description = "Clip gradients to this global norm; 0 = off (default: ${DEFAULT-VALUE}).")
        double clip;
        @Option(names = "--val-frac", paramLabel = "F", defaultValue = "0.1",
                description = "Fraction at the end of each corpus file held out for validation (default: ${DEFAULT-VALUE}).")
        double valFrac;
        @Option(names = "--records", paramLabel = "line|paragraph",
                description = "Learn the text as independent records: one per line, or paragraphs separated by blank lines. Each record is "
                        + "learned from a fresh state and ends with an end-of-record symbol the model learns to predict; validation holds "
                        + "out whole records; sample then writes whole records.")
        String records;
        @Option(names = "--val-file", paramLabel = "FILE",
                description = "Validate on this file instead (all of it held out; the corpus files all train).")
        Path valFile;
        @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed for initial weights and dropout (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--forget-bias", paramLabel = "X", defaultValue = "0",
                description = "LSTM: start the forget gate's bias X above the others' (default: ${DEFAULT-VALUE}, as PyTorch; char-rnn and Keras use 1).")
        double forgetBias;
        @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "0.1",
                description = "Decoupled weight decay of the weight matrices (AdamW): each step shrinks them by lr·X; 0 = none (default: ${DEFAULT-VALUE}).")
        double weightDecay;
        @Option(names = "--ema", paramLabel = "D", defaultValue = "0",
                description = "Validate, keep in the checkpoints and sample from an exponential moving average of the weights, "
                        + "with this decay per step (e.g. 0.999); 0 = none (default: ${DEFAULT-VALUE}).")
        double ema;
    }

    /** --on-divergence. */
    enum OnDivergence { ROLLBACK, STOP }

    static final class RunOptions {
        @Option(names = "--epochs", paramLabel = "N", defaultValue = "50", description = "Stop after this many epochs in total; 0 = no bound (default: ${DEFAULT-VALUE}).")
        long epochs;
        @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0", description = "Stop after this many steps in total; 0 = no bound (default).")
        long maxSteps;
        @Option(names = "--max-time", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Stop after this much training time in total, e.g. 90s, 10m, 2h; 0 = no bound (default: no bound).")
        Duration maxTime;
        @Option(names = "--patience", paramLabel = "N", defaultValue = "0",
                description = "Stop early after N validations in a row without a better validation loss; best.ckpt keeps the best (default: ${DEFAULT-VALUE}, never).")
        int patience;
        @Option(names = "--eval-every", paramLabel = "N", defaultValue = "200", description = "Validate every N steps (default: ${DEFAULT-VALUE}).")
        int evalEvery;
        @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0", description = "Save latest.ckpt every N steps; 0 = at every validation (default).")
        int checkpointEvery;
        @Option(names = "--keep-every", paramLabel = "N", defaultValue = "0",
                description = "Also keep step-<N>.ckpt every N steps, never overwritten by the run (a new run with --overwrite removes them); 0 = none (default).")
        int keepEvery;
        @Option(names = "--print-every", paramLabel = "N", defaultValue = "50", description = "Every N steps: a training entry in metrics.jsonl, and a progress line when stderr is not a terminal (default: ${DEFAULT-VALUE}).")
        int printEvery;
        @Option(names = "--checkpoint-dir", paramLabel = "DIR", defaultValue = "checkpoints", description = "Where checkpoints and metrics go (default: ${DEFAULT-VALUE}; with --resume, the checkpoint's own directory).")
        Path checkpointDir;
        @Option(names = "--resume", paramLabel = "CKPT", description = "Continue the run saved in this checkpoint (architecture and settings come from it), writing beside it.")
        Path resume;
        @Option(names = "--init-from", paramLabel = "CKPT",
                description = "Start a new run from this checkpoint's weights (fine-tuning): its architecture and vocabulary, new optimizer state and schedule, these flags' settings.")
        Path initFrom;
        @Option(names = "--on-divergence", paramLabel = "rollback|stop", defaultValue = "rollback",
                description = "When the loss or gradient becomes NaN or infinite: rollback goes back to latest.ckpt with the learning rate "
                        + "halved and goes on (at most --max-rollbacks times, each said on stderr and in metrics.jsonl); stop exits 1 at once "
                        + "(default: ${DEFAULT-VALUE}: an unattended run keeps its time budget).")
        OnDivergence onDivergence;
        @Option(names = "--max-rollbacks", paramLabel = "N", defaultValue = "3",
                description = "With --on-divergence rollback: give up (exit 1) after this many (default: ${DEFAULT-VALUE}).")
        int maxRollbacks;
        @Option(names = "--overwrite",
                description = "Start a new run even if the checkpoint directory holds another run's checkpoints: removes that run's "
                        + "best.ckpt, metrics.jsonl, loss.png and kept step-*.ckpt (and says so). With --resume: go on even where it "
                        + "replaces a later latest.ckpt.")
        boolean overwrite;
        @Option(names = {"-q", "--quiet"}, description = "No progress output (errors still go to stderr).")
        boolean quiet;
        @Option(names = "--json", description = "At the end, print one JSON object on stdout: why the run stopped, steps, epoch, "
                + "losses, training time, checkpoint paths.")
        boolean json;
    }

    @Override
    public Integer call() {
        int threads = engine.threads();

        ProgressReporter reporter = new ProgressReporter(spec.commandLine().getErr(), run.quiet ? ProgressReporter.Mode.QUIET
                : Terminal.isInteractive() ? ProgressReporter.Mode.LIVE : ProgressReporter.Mode.PLAIN);
        CorpusFiles corpusFiles = CorpusFiles.of(corpus, optimisation.valFile);
        if (corpusFiles.expanded() != null) {
            reporter.message(corpusFiles.expanded());
        }
        List<Path> files = corpusFiles.files();
        Trainer trainer;
        RunDirectory directory;
        // A resumed run goes on writing where it was saved, unless told otherwise.
        Path checkpoints = run.resume != null && !given("--checkpoint-dir")
                ? run.resume.toAbsolutePath().getParent() : run.checkpointDir;
        if (run.resume != null && run.initFrom != null) {
            throw new UserInputException("give either --resume (continue a run) or --init-from (a new run from a model's weights), not both");
        }
        if (optimisation.valFile != null && given("--val-frac")) {
            throw new UserInputException("give either --val-frac (the tail of each corpus file) or --val-file, not both");
        }
        if (run.resume != null) {
            Checkpoint checkpoint = CheckpointFile.read(run.resume);
            refuseConflictingFlags(checkpoint);
            refuseToGoBack(checkpoint.manifest().progress().step(), checkpoints);
            RunLimits limits = limits(checkpoint.manifest().bounds());
            String trainedAs = checkpoint.manifest().text() == null ? null : checkpoint.manifest().text().records();
            if (optimisation.records != null && !optimisation.records.equals(trainedAs)) {
                throw new UserInputException("--records " + optimisation.records + " (checkpoint: " + (trainedAs == null ? "a stream of text" : trainedAs)
                        + ") differs from the checkpoint being resumed; drop it (a resumed run keeps its settings)");
            }
            Corpus text = Corpus.load(files, SavedModel.vocabulary(checkpoint), resumedHoldout(checkpoint.manifest()),
                    trainedAs == null ? null : Records.of(trainedAs));
            trainer = Trainer.resume(checkpoint, text, limits, checkpoints, reporter, threads);
            directory = RunDirectory.claim(checkpoints, true, false);
        } else {
            Checkpoint from = run.initFrom == null ? null : CheckpointFile.readWeights(run.initFrom);
            if (from != null) {
                refuseConflictingArchitecture(from);
            }
            RunLimits limits = limits(null);
            LrSchedule schedule = optimisation.schedule;
            if (!given("--lr-schedule") && given("--lr-decay")) {
                schedule = LrSchedule.STEP; // --lr-decay alone keeps its meaning from before the schedules
            } else if (!given("--lr-schedule") && !limits.bounds().bounded()) {
                schedule = LrSchedule.CONSTANT; // the default cosine needs an end to decay to; a run to Ctrl-C has none
                reporter.message("no --epochs, --max-steps or --max-time ends this run: the learning rate stays constant");
            }
            TrainingConfig.Builder settings = TrainingConfig.builder();
            for (TrainingSetting<?> setting : TrainingSetting.ALL) {
                settings.setObject(setting, option(setting).getValue());
            }
            TrainingConfig training = settings.set(TrainingSetting.SCHEDULE, schedule)
                    .set(TrainingSetting.VAL_FRAC, optimisation.valFile != null ? 0 : optimisation.valFrac) // a --val-file holds out no fraction
                    .build();
            Corpus.Holdout holdout = optimisation.valFile != null ? Corpus.Holdout.file(optimisation.valFile)
                    : Corpus.Holdout.eachFile(training.valFrac());
            Records records = optimisation.records == null ? null : Records.of(optimisation.records);
            if (from != null) {
                if (records != null && !SavedModel.vocabulary(from).contains(Records.END)) {
                    throw new UserInputException("--init-from's model learned a stream of text, without an end-of-record symbol; "
                            + "--records needs a model of records: train a new one");
                }
                Corpus text = Corpus.load(files, SavedModel.vocabulary(from), holdout, records);
                trainer = Trainer.fineTune(SavedModel.parameters(from), training, text, limits, checkpoints, reporter, threads);
            } else {
                Corpus text = Corpus.load(files, null, holdout, records);
                ModelConfig architecture = new ModelConfig(model.cell, model.layers, model.hidden, model.embed, text.vocabulary().size());
                trainer = Trainer.start(architecture, training, text, limits, checkpoints, reporter, threads);
            }
            directory = RunDirectory.claim(checkpoints, false, run.overwrite);
            if (!directory.removed().isEmpty()) {
                reporter.message("--overwrite: removed the old run's " + String.join(", ", directory.removed()) + " from " + checkpoints);
            }
        }
        TrainingChart chart = new TrainingChart(checkpoints.resolve(Trainer.METRICS), checkpoints.resolve(Trainer.LOSS_CHART),
                reporter::warning);
        trainer.onValidation(v -> reporter.preview(() -> Sampler.preview(v.model().get(), v.vocabulary(), v.endOfRecord(), v.seed() + v.step())))
                .onValidation(v -> chart.redraw());
        try (directory) { // held until the run ends: a second train into it is refused
            Interrupts interrupts = Interrupts.install();
            Trainer.Outcome outcome = trainer.run(interrupts::requested);
            if (run.json) {
                printSummary(trainer.summary());
            }
            return outcome == Trainer.Outcome.INTERRUPTED ? interrupts.exitCode() : ExitCode.OK;
        }
    }

    /**
     * The resumed run's validation, as it was: a --val-file (to be given again), the tail of each file, or for
     * checkpoints from before per-file validation the tail of the whole text.
     */
    private Corpus.Holdout resumedHoldout(rnn.checkpoint.Manifest manifest) {
        rnn.config.TrainingText text = manifest.text();
        boolean validatedOnAFile = text != null && !text.validationFiles().isEmpty();
        if (validatedOnAFile && optimisation.valFile == null) {
            throw new UserInputException("the run validated on --val-file " + text.validationFiles().get(0) + "; give it again to resume");
        }
        if (!validatedOnAFile && optimisation.valFile != null) {
            throw new UserInputException("the run held out --val-frac " + rnn.Numbers.plain(manifest.training().valFrac())
                    + " of its text, not a --val-file; drop --val-file to resume it");
        }
        if (validatedOnAFile) {
            return Corpus.Holdout.file(optimisation.valFile);
        }
        return text == null || !text.eachFile() ? Corpus.Holdout.tail(manifest.training().valFrac())
                : Corpus.Holdout.eachFile(manifest.training().valFrac());
    }

    /**
     * Resuming writes latest.ckpt and cuts metrics.jsonl back to the resumed step: where the directory holds a
     * later latest.ckpt (resuming best.ckpt, or an older copy), that would throw away newer work, so it takes
     * --overwrite.
     */
    private void refuseToGoBack(long resumedStep, Path checkpoints) {
        Path latest = checkpoints.resolve(Trainer.LATEST);
        if (run.overwrite || !Files.isRegularFile(latest) || sameFile(latest, run.resume)) {
            return;
        }
        long latestStep;
        try {
            latestStep = CheckpointFile.readManifest(latest).progress().step();
        } catch (UserInputException e) {
            return; // unreadable: nothing of value to lose; writing the new one replaces it
        }
        if (latestStep > resumedStep) {
            throw new UserInputException("--resume " + run.resume + " is at step " + resumedStep + ", but " + latest
                    + " is at step " + latestStep + ": going on from here would replace it and cut metrics.jsonl back; resume "
                    + latest + ", write elsewhere with --checkpoint-dir, or pass --overwrite to go back to step " + resumedStep);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void printSummary(Trainer.Summary summary) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode node = mapper.createObjectNode();
        node.put("stoppedBy", summary.stoppedBy()).put("step", summary.step())
                .put("epoch", Math.round(summary.epoch() * 1000) / 1000.0);
        Json.number(node, "trainLoss", summary.trainLoss());
        Json.number(node, "bestValLoss", summary.bestValLoss());
        Json.number(node, "bestValBpc", summary.bestValLoss() == null ? null : summary.bestValLoss() / Math.log(2));
        node.put("seconds", Math.round(summary.seconds() * 10) / 10.0)
                .put("latest", summary.latest().toString()).put("best", summary.best().toString());
        try {
            spec.commandLine().getOut().println(mapper.writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        spec.commandLine().getOut().flush();
    }

    /** The run's bounds: the flags, except that a resumed run keeps the saved bounds of flags not given. */
    private RunLimits limits(RunBounds saved) {
        RunBounds bounds = new RunBounds(run.epochs, run.maxSteps, run.maxTime, run.patience);
        if (saved != null) {
            bounds = new RunBounds(given("--epochs") ? bounds.epochs() : saved.epochs(),
                    given("--max-steps") ? bounds.maxSteps() : saved.maxSteps(),
                    given("--max-time") ? bounds.maxTime() : saved.maxTime(),
                    given("--patience") ? bounds.patience() : saved.patience());
        }
        return new RunLimits(bounds, run.evalEvery, run.checkpointEvery, run.keepEvery, run.printEvery,
                run.onDivergence == OnDivergence.STOP ? 0 : run.maxRollbacks);
    }

    /** The option of a training setting: its value as parsed, or its default. */
    private picocli.CommandLine.Model.OptionSpec option(TrainingSetting<?> setting) {
        return Objects.requireNonNull(spec.findOption(setting.flag()), setting.flag());
    }

    private boolean given(String flag) {
        return spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    /** Fine-tuning keeps the model's architecture: a model flag given explicitly must agree with it. */
    private void refuseConflictingArchitecture(Checkpoint from) {
        List<String> conflicts = architectureConflicts(from.manifest().architecture());
        if (!conflicts.isEmpty()) {
            throw new UserInputException(String.join(", ", conflicts).replace("(checkpoint:", "(--init-from's model:")
                    + " differ from the model being fine-tuned; drop those flags (--init-from keeps its architecture)");
        }
    }

    /** The model flags given explicitly that differ from this architecture, each as "--flag given (checkpoint: saved)". */
    private List<String> architectureConflicts(ModelConfig a) {
        List<String> conflicts = new ArrayList<>();
        conflict(conflicts, "--cell", model.cell, a.cell());
        conflict(conflicts, "--layers", model.layers, a.layers());
        conflict(conflicts, "--hidden", model.hidden, a.hidden());
        conflict(conflicts, "--embed", model.embed, a.embed());
        return conflicts;
    }

    /** On --resume the checkpoint's settings rule; a flag given explicitly must agree with them. */
    private void refuseConflictingFlags(Checkpoint checkpoint) {
        TrainingConfig saved = checkpoint.manifest().training();
        List<String> conflicts = architectureConflicts(checkpoint.manifest().architecture());
        for (TrainingSetting<?> setting : TrainingSetting.ALL) {
            Object given = option(setting).getValue();
            if (given(setting.flag()) && !given.equals(saved.get(setting))) {
                conflicts.add(setting.flag() + " " + setting.shown(given) + " (checkpoint: " + setting.shown(saved.get(setting)) + ")");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new UserInputException(String.join(", ", conflicts)
                    + " differ from the checkpoint being resumed; drop those flags (a resumed run keeps its settings)");
        }
    }

    private static String shown(Object value) {
        return value instanceof Double number ? rnn.Numbers.plain(number) : String.valueOf(value);
    }

    private void conflict(List<String> conflicts, String flag, Object given, Object saved) {
        if (given(flag) && !Objects.equals(given, saved)) {
            conflicts.add(flag + " " + shown(given) + " (checkpoint: " + shown(saved) + ")");
        }
    }
}
