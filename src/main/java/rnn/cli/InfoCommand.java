package rnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.Manifest;
import rnn.config.ModelConfig;
import rnn.config.TrainingConfig;
import rnn.config.TrainingSetting;
import rnn.model.SavedModel;
import rnn.text.StreamBatcher;

import java.io.PrintWriter;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a checkpoint: architecture, parameters, vocabulary, training progress, format version.",
        footerHeading = "%nExamples:%n",
        footer = {"  rnn info", "  rnn info checkpoints/latest.ckpt --json"})
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CKPT", arity = "0..1", defaultValue = CheckpointOption.DEFAULT,
            description = "Checkpoint file, or a run's directory for its best.ckpt (default: ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--vocab", description = "Also list the vocabulary: each symbol's id, code point and character (in --json: \"vocabulary\").")
    boolean vocab;

    /**
     * The epoch as metrics.jsonl and the progress line count it (1.92), from the text's length the checkpoint
     * records; older checkpoints record only the epochs completed.
     */
    static String epoch(Manifest manifest) {
        TrainingConfig t = manifest.training();
        if (manifest.text() == null) {
            return manifest.progress().epoch() + " completed";
        }
        long steps = StreamBatcher.stepsPerEpoch(manifest.text().trainingChars(), t.batch(), t.seqLen());
        return steps < 1 ? String.valueOf(manifest.progress().epoch())
                : String.format(Locale.ROOT, "%.2f", (double) manifest.progress().step() / steps);
    }

    /** "--epochs 50, --max-time 10m" as on the command line; "none" if nothing bounds the run. */
    private static String bounds(Manifest manifest) {
        java.util.List<String> given = new java.util.ArrayList<>();
        var b = manifest.bounds();
        if (b.epochs() > 0) {
            given.add("--epochs " + b.epochs());
        }
        if (b.maxSteps() > 0) {
            given.add("--max-steps " + b.maxSteps());
        }
        if (b.maxTime() != null) {
            given.add("--max-time " + rnn.train.ProgressReporter.format(b.maxTime()));
        }
        if (b.patience() > 0) {
            given.add("--patience " + b.patience());
        }
        return given.isEmpty() ? "none (trains until stopped)" : String.join(", ", given);
    }

    /** What --json prints (and rnn serve's GET /v1/info): the checkpoint described as one JSON object. */
    static ObjectNode describe(Path file, Checkpoint loaded, boolean vocab) {
        Manifest manifest = loaded.manifest();
        ModelConfig a = manifest.architecture();
        TrainingConfig t = manifest.training();
        Manifest.Progress p = manifest.progress();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        node.put("checkpoint", file.toString()).put("formatVersion", manifest.formatVersion())
                .put("createdBy", manifest.createdBy()).put("createdAt", manifest.createdAt())
                .put("cell", a.cell().flagName()).put("layers", a.layers()).put("hidden", a.hidden())
                .put("embed", a.embed()).put("vocabSize", a.vocabSize()).put("parameters", a.parameterCount())
                .put("step", p.step()).put("epoch", p.epoch());
        Json.number(node, "trainLoss", p.trainLoss());
        Json.number(node, "valLoss", p.valLoss());
        Json.number(node, "bestValLoss", p.bestValLoss());
        ObjectNode training = node.putObject("training");
        for (TrainingSetting<?> setting : TrainingSetting.ALL) {
            Object value = t.get(setting);
            switch (setting.kind()) {
                case WHOLE -> training.put(setting.infoKey(), (Integer) value);
                case LONG -> training.put(setting.infoKey(), (Long) value);
                case REAL -> training.put(setting.infoKey(), (Double) value);
                case SCHEDULE -> training.put(setting.infoKey(), setting.shown(value)); // as on the command line
            }
        }
        if (manifest.text() != null) {
            node.set("text", mapper.valueToTree(manifest.text()));
        }
        if (manifest.bounds() != null) { // where the run was set to stop; a resume keeps these unless told otherwise
            ObjectNode bounds = node.putObject("bounds");
            bounds.put("epochs", manifest.bounds().epochs()).put("maxSteps", manifest.bounds().maxSteps());
            Json.number(bounds, "maxTimeSeconds", manifest.bounds().maxTimeSeconds());
            bounds.put("patience", manifest.bounds().patience());
        }
        if (vocab) {
            com.fasterxml.jackson.databind.node.ArrayNode symbols = node.putArray("vocabulary");
            for (int codePoint : manifest.vocabulary()) {
                symbols.add(new String(Character.toChars(codePoint)));
            }
        }
        return node;
    }

    @Override
    public Integer call() throws Exception {
        Checkpoint loaded = CheckpointOption.readWeights(checkpoint);
        Path file = CheckpointOption.file(checkpoint);
        SavedModel.parameters(loaded); // checks that every weight is there with its shape
        Manifest manifest = loaded.manifest();
        ModelConfig a = manifest.architecture();
        TrainingConfig t = manifest.training();
        Manifest.Progress p = manifest.progress();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(describe(file, loaded, vocab)));
        } else {
            out.printf(Locale.ROOT, "checkpoint      %s (format %d, %s, %s)%n", file, manifest.formatVersion(),
                    manifest.createdBy(), manifest.createdAt());
            out.printf(Locale.ROOT, "model           %s, %d layer%s x %d hidden, embed %d%n", a.cell(), a.layers(), a.layers() == 1 ? "" : "s", a.hidden(), a.embed());
            out.printf(Locale.ROOT, "parameters      %,d%n", a.parameterCount());
            out.printf(Locale.ROOT, "vocabulary      %d characters%n", a.vocabSize());
            out.printf(Locale.ROOT, "trained         step %d, epoch %s, %.0f s%n", p.step(), epoch(manifest), p.elapsedSeconds());
            if (manifest.text() != null) {
                out.printf(Locale.ROOT, "text            %s%n", manifest.text());
            }
            out.printf(Locale.ROOT, "train loss      %.4f nats/char%n", p.trainLoss());
            out.printf(Locale.ROOT, "best val loss   %s%n", p.bestValLoss() == null ? "none"
                    : String.format(Locale.ROOT, "%.4f nats/char (%.4f bits/char)", p.bestValLoss(), p.bestValLoss() / Math.log(2)));
            out.printf(Locale.ROOT, "settings        %s%n", String.join(", ", TrainingSetting.ALL.stream()
                    .filter(setting -> setting.shownBy(t, a.cell()))
                    .map(setting -> setting + " " + setting.shown(t.get(setting))).toList()));
            if (manifest.bounds() != null) {
                out.printf(Locale.ROOT, "bounds          %s%n", bounds(manifest));
            }
            if (vocab) {
                int[] symbols = manifest.vocabulary();
                for (int id = 0; id < symbols.length; id++) {
                    out.printf(Locale.ROOT, "%8d  %s%n", id, rnn.text.Vocabulary.describe(symbols[id]));
                }
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
