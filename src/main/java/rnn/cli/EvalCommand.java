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
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("chars", result.chars());
            Json.number(node, "loss", result.loss());
            Json.number(node, "bpc", result.bitsPerChar());
            Json.number(node, "perplexity", result.perplexity());
            node.put("oov", result.oov()).put("checkpoint", checkpoint.file().toString());
            out.println(new ObjectMapper().writeValueAsString(node));
        } else {
            out.printf(Locale.ROOT, "chars       %d%nloss        %.4f nats/char%nbpc         %.4f%nperplexity  %.4f%noov         %d%n",
                    result.chars(), result.loss(), result.bitsPerChar(), result.perplexity(), result.oov());
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
