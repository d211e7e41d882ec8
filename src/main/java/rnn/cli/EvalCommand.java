package rnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rnn.UserInputException;
import rnn.checkpoint.Checkpoint;
import rnn.eval.DynamicEvaluator;
import rnn.eval.Evaluator;
import rnn.model.SavedModel;
import rnn.text.TextFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

@Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Score text files with a checkpoint: loss (nats/char), bits per character and perplexity.",
                "Characters outside the model's vocabulary are skipped and counted (oov)."},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn eval held_out.txt",
                "  rnn eval held_out.txt --json --max-bpc 2.5   # exit 3 if worse"})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "UTF-8 text file(s), scored as one text; '-' reads stdin.")
    List<Path> files;

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--json", description = "Print one JSON object: chars, loss, bpc, perplexity, oov, checkpoint.")
    boolean json;

    @Option(names = "--max-bpc", paramLabel = "X",
            description = "Exit with 3 if bits per character exceed X (a gate for scripts).")
    Double maxBpc;

    @Option(names = "--per-line", description = {"Score each line apart and print one JSON object per line: line, chars, loss, bpc, oov.",
            "Each line is scored from a fresh state after a line break, its own line break included, so a line's score does not depend on the lines before it (--carry-state: the state runs on through the text)."})
    boolean perLine;

    @Option(names = "--carry-state", description = "With --per-line: predict each line from everything before it, as the whole-text score does.")
    boolean carryState;

    @Option(names = "--dynamic", description = {"Also score the text by dynamic evaluation (Krause et al. 2018): the model goes on learning "
            + "from each segment after scoring it. Reported apart from the static score, which --max-bpc gates."})
    boolean dynamic;

    @Option(names = "--dynamic-lr", paramLabel = "X", defaultValue = "0.1",
            description = "With --dynamic: the step size of each segment's gradient step (default: ${DEFAULT-VALUE}).")
    double dynamicLr;

    @Option(names = "--dynamic-decay", paramLabel = "X", defaultValue = "0",
            description = "With --dynamic: how far each segment pulls the weights back toward the trained ones, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double dynamicDecay;

    @Option(names = "--dynamic-segment", paramLabel = "N", defaultValue = "50",
            description = "With --dynamic: characters scored between two updates (default: ${DEFAULT-VALUE}).")
    int dynamicSegment;

    @Option(names = "--unknown", paramLabel = "skip|error", defaultValue = "skip",
            description = "Characters the model never saw: skip leaves them out and counts them as oov (default), error refuses the text.")
    UnknownCharacters unknown;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        if (maxBpc != null && !(maxBpc >= 0)) {
            throw new UserInputException("--max-bpc must be a number of at least 0 (got " + maxBpc + ")");
        }
        if (perLine && maxBpc != null) {
            throw new UserInputException("--max-bpc gates the whole text's score; give it without --per-line");
        }
        if (carryState && !perLine) {
            throw new UserInputException("--carry-state applies to --per-line only (the whole-text score always carries the state)");
        }
        boolean dynamicGiven = spec.commandLine().getParseResult().hasMatchedOption("--dynamic-lr")
                || spec.commandLine().getParseResult().hasMatchedOption("--dynamic-decay")
                || spec.commandLine().getParseResult().hasMatchedOption("--dynamic-segment");
        if (dynamicGiven && !dynamic) {
            throw new UserInputException("--dynamic-lr, --dynamic-decay and --dynamic-segment apply to --dynamic only; add --dynamic");
        }
        if (dynamic && perLine) {
            throw new UserInputException("--dynamic scores the whole text as one stream; give it without --per-line");
        }
        if (dynamic && !(dynamicLr > 0 && dynamicLr <= 10)) {
            throw new UserInputException("--dynamic-lr must be above 0 and at most 10 (got " + rnn.Numbers.plain(dynamicLr) + ")");
        }
        if (dynamic && !(dynamicDecay >= 0 && dynamicDecay <= 1)) {
            throw new UserInputException("--dynamic-decay must be between 0 and 1 (got " + rnn.Numbers.plain(dynamicDecay) + ")");
        }
        if (dynamic && (dynamicSegment < 1 || dynamicSegment > 100_000)) {
            throw new UserInputException("--dynamic-segment must be between 1 and 100000 (got " + dynamicSegment + ")");
        }
        int threads = engine.threads(); // one stream; its output product split between them when the vocabulary is large
        Checkpoint loaded = checkpoint.readWeights();
        int[] text = text();
        if (unknown == UnknownCharacters.ERROR) {
            String unseen = rnn.sample.Sampler.unknownCharacters(SavedModel.vocabulary(loaded), new String(text, 0, text.length));
            if (!unseen.isEmpty()) {
                throw new UserInputException("the text has characters the model never saw: " + unseen
                        + "; remove them, or drop --unknown error to skip and count them (oov)");
            }
        }
        PrintWriter lines = spec.commandLine().getOut();
        if (perLine) {
            ObjectMapper mapper = new ObjectMapper();
            var vocabulary = SavedModel.vocabulary(loaded);
            boolean lineRecords = loaded.manifest().text() != null && "line".equals(loaded.manifest().text().records());
            Evaluator.perLine(SavedModel.characterModel(loaded), vocabulary, text, carryState, threads, score -> {
                ObjectNode node = mapper.createObjectNode().put("line", score.line()).put("chars", score.chars());
                Json.number(node, "loss", score.loss());
                Json.number(node, "bpc", score.bitsPerChar());
                node.put("oov", score.oov());
                lines.println(node.toString());
            }, lineRecords ? vocabulary.idOf(rnn.text.Records.END) : vocabulary.idOf('\n'));
            lines.flush();
            return ExitCode.OK;
        }
        String records = loaded.manifest().text() == null ? null : loaded.manifest().text().records();
        Evaluator.Evaluation result = Evaluator.evaluate(SavedModel.characterModel(loaded), SavedModel.vocabulary(loaded), text, threads,
                records == null ? null : rnn.text.Records.of(records));
        Evaluator.Evaluation adapted = null;
        if (dynamic) {
            if (records != null) {
                throw new UserInputException("--dynamic reads the text as one stream, and this model learned " + records
                        + " records; give it without --dynamic");
            }
            adapted = DynamicEvaluator.evaluate(SavedModel.parameters(loaded), SavedModel.vocabulary(loaded), text,
                    new DynamicEvaluator.Settings(dynamicLr, dynamicDecay, dynamicSegment), threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("chars", result.chars());
            Json.number(node, "loss", result.loss());
            Json.number(node, "bpc", result.bitsPerChar());
            Json.number(node, "perplexity", result.perplexity());
            node.put("oov", result.oov()).put("checkpoint", checkpoint.file().toString());
            if (adapted != null) { // apart: never mixed into the static numbers
                ObjectNode d = node.putObject("dynamic");
                Json.number(d, "loss", adapted.loss());
                Json.number(d, "bpc", adapted.bitsPerChar());
                Json.number(d, "perplexity", adapted.perplexity());
                d.put("lr", dynamicLr).put("decay", dynamicDecay).put("segment", dynamicSegment);
            }
            out.println(new ObjectMapper().writeValueAsString(node));
        } else {
            out.printf(Locale.ROOT, "chars       %d%nloss        %.4f nats/char%nbpc         %.4f%nperplexity  %.4f%noov         %d%n",
                    result.chars(), result.loss(), result.bitsPerChar(), result.perplexity(), result.oov());
            if (adapted != null) {
                out.printf(Locale.ROOT, "dynamic     %.4f nats/char, %.4f bits/char, perplexity %.4f (--dynamic-lr %s, --dynamic-decay %s, "
                                + "--dynamic-segment %d)%n", adapted.loss(), adapted.bitsPerChar(), adapted.perplexity(),
                        rnn.Numbers.plain(dynamicLr), rnn.Numbers.plain(dynamicDecay), dynamicSegment);
            }
        }
        out.flush();
        if (maxBpc != null && !(result.bitsPerChar() <= maxBpc)) { // NaN fails the gate too
            spec.commandLine().getErr().println(Double.isFinite(result.bitsPerChar())
                    ? String.format(Locale.ROOT, "rnn: %.4f bits/char is above --max-bpc %s", result.bitsPerChar(), maxBpc)
                    : "rnn: the loss is " + result.bitsPerChar() + ", not a number of bits/char: --max-bpc " + maxBpc + " fails");
            return ExitCode.GATE_FAILED;
        }
        return ExitCode.OK;
    }

    /** The files' code points, in order; "-" is stdin, as in {@code sample --prime -}. */
    private int[] text() throws IOException {
        List<int[]> parts = new ArrayList<>();
        for (Path file : files) {
            parts.add(file.toString().equals("-") ? TextFiles.decodeUtf8(System.in.readAllBytes(), "stdin")
                    : TextFiles.readCodePoints(file));
        }
        return parts.stream().flatMapToInt(IntStream::of).toArray();
    }
}
