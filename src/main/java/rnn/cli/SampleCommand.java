package rnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rnn.UserInputException;
import rnn.checkpoint.Checkpoint;
import rnn.model.SavedModel;
import rnn.sample.CopyGuard;
import rnn.sample.CopyIndex;
import rnn.sample.Sampler;
import rnn.sample.SamplingStrategy;
import rnn.text.TextFiles;
import rnn.text.Vocabulary;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sample", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Generate text from a checkpoint, streamed to stdout as UTF-8 (nothing else goes to stdout).",
                "With --prime the text starts with the prime.",
                "Several samples (--num-samples) are generated as one batch and printed one after another, each followed by a blank line."},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn sample --temperature 0.8",
                "  rnn sample -c checkpoints/latest.ckpt --prime 'ROMEO:' --length 300 --seed 7",
                "  rnn sample --top-p 0.9 --num-samples 4 --stop $'\\n\\n'"})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = {"-t", "--temperature"}, defaultValue = "1.0", paramLabel = "T",
            description = "Sampling temperature; 0 = always the most likely character (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--prime", defaultValue = "", paramLabel = "TEXT",
            description = "Text to start from; it is printed first. '-' reads it from stdin (default: none).")
    String prime;

    @Option(names = "--unknown", paramLabel = "skip|error", defaultValue = "error",
            description = "Characters of the prime the model never saw: error refuses the prime (default), skip leaves them out and says so on stderr.")
    UnknownCharacters unknown;

    @Option(names = "--prime-file", paramLabel = "FILE",
            description = "Read the prime from a UTF-8 file instead.")
    Path primeFile;

    @Option(names = {"-n", "--length"}, defaultValue = "1000", paramLabel = "N",
            description = "Characters (code points) to generate after the prime (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--seed", paramLabel = "N",
            description = "Random seed: the same seed, checkpoint and flags give the same text (default: random).")
    Long seed;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "Sample only among the K most likely characters; 0 = off (default).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
            description = "Sample only among the most likely characters whose probabilities add up to P; 1 = off (default).")
    double topP;

    @Option(names = "--num-samples", defaultValue = "1", paramLabel = "N",
            description = "Independent samples generated together (default: ${DEFAULT-VALUE}).")
    int numSamples;

    @Option(names = "--stop", paramLabel = "TEXT",
            description = "End a sample once it has generated this text (which is printed).")
    String stop;

    @Option(names = "--json", description = {"Print one JSON object per sample and line: sample, seed, numSamples, prime, text (what followed the prime).",
            "Samples drawn together share the seed: --seed S --num-samples N makes all N again."})
    boolean json;

    @Option(names = "--novelty", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = {"Report how much of each sample is found verbatim in the training text (the corpus the checkpoint names, or FILE): "
                    + "its longest such span, and the share of its characters inside spans of at least --copy-span; on stderr, or as --json fields."})
    String novelty;

    @Option(names = "--copy-span", paramLabel = "N", defaultValue = "20",
            description = "With --novelty: the shortest verbatim span counted as copied (default: ${DEFAULT-VALUE}).")
    int copySpan;

    @Option(names = "--max-copy", paramLabel = "N",
            description = "Draw a sample again (at most 10 times, each said on stderr) while it holds a span of more than N characters "
                    + "found verbatim in the training text; implies --novelty.")
    Integer maxCopy;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the random seed on stderr.")
    boolean quiet;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws IOException {
        validate();
        int threads = engine.threads();
        Checkpoint loaded = checkpoint.readWeights();
        // Sampling runs on the Java heap and never loads ND4J, which halves start-up.
        boolean records = loaded.manifest().text() != null && loaded.manifest().text().records() != null;
        Vocabulary vocabulary = SavedModel.vocabulary(loaded);
        Sampler sampler = new Sampler(SavedModel.characterModel(loaded), vocabulary,
                SamplingStrategy.of(temperature, topK, topP, threads), threads,
                records ? vocabulary.idOf(rnn.text.Records.END) : -1);
        String prime = primeText();
        String unseen = Sampler.unknownCharacters(vocabulary, prime);
        if (!unseen.isEmpty() && unknown == UnknownCharacters.ERROR) { // before the seed line: a usage error prints nothing else
            throw new UserInputException(primeSource() + " has characters the model never saw: " + unseen
                    + "; remove them, pass --unknown skip, or train on text that has them");
        }
        if (!unseen.isEmpty()) {
            int before = prime.codePointCount(0, prime.length());
            prime = prime.codePoints().filter(vocabulary::contains)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            int skipped = before - prime.codePointCount(0, prime.length());
            spec.commandLine().getErr().println("rnn: --unknown skip: left " + skipped + " character" + (skipped == 1 ? "" : "s")
                    + " the model never saw out of " + primeSource() + ": " + unseen);
        }
        long actualSeed = seed != null ? seed : System.nanoTime();
        if (seed == null && temperature > 0 && !quiet) { // a lucky sample can be made again
            spec.commandLine().getErr().println("rnn: seed " + actualSeed + " (--seed " + actualSeed
                    + (numSamples > 1 ? " --num-samples " + numSamples + " samples these again)" : " samples this again)"));
            spec.commandLine().getErr().flush();
        }
        Sampler.Request request = new Sampler.Request(prime, length, numSamples, stop, actualSeed);
        PrintWriter out = spec.commandLine().getOut();
        if (novelty != null || maxCopy != null) {
            CopyIndex index = CopyIndex.of(NoveltyText.load(novelty, loaded.manifest(), checkpoint.file()),
                    writableOrNull(checkpoint.file().toAbsolutePath().getParent()), this::say);
            List<CopyGuard.Drawn> drawn = CopyGuard.draw(sampler, request, index, copySpan, maxCopy, this::say);
            printMeasured(drawn, prime, out);
            return ExitCode.OK;
        }
        if (!json) {
            sampler.generate(request, out);
            return ExitCode.OK;
        }
        List<String> texts = sampler.generate(request, Writer.nullWriter());
        ObjectMapper mapper = new ObjectMapper();
        for (int n = 0; n < texts.size(); n++) {
            out.println(mapper.writeValueAsString(mapper.createObjectNode().put("sample", n).put("seed", actualSeed)
                    .put("numSamples", numSamples).put("prime", prime).put("text", texts.get(n))));
        }
        out.flush();
        return ExitCode.OK;
    }

    private void say(String message) {
        if (!quiet || message.contains("still holds")) {
            spec.commandLine().getErr().println("rnn: " + message);
            spec.commandLine().getErr().flush();
        }
    }

    private static java.nio.file.Path writableOrNull(java.nio.file.Path directory) {
        return directory != null && java.nio.file.Files.isWritable(directory) ? directory : null;
    }

    /** Samples with their copying measured: as --json fields, or the text on stdout and one line per sample on stderr. */
    private void printMeasured(List<CopyGuard.Drawn> drawn, String prime, PrintWriter out) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        for (int n = 0; n < drawn.size(); n++) {
            CopyGuard.Drawn sample = drawn.get(n);
            CopyIndex.Copying copying = sample.copying();
            if (json) {
                out.println(mapper.writeValueAsString(mapper.createObjectNode().put("sample", n).put("seed", sample.seed())
                        .put("numSamples", numSamples).put("prime", prime).put("text", sample.text())
                        .put("longestCopy", copying.longestSpan()).put("longestCopyText", copying.longest())
                        .put("copiedShare", Math.round(copying.copiedShare() * 10000) / 10000.0).put("copySpan", copying.minSpan())));
            } else {
                out.print(prime + sample.text() + (drawn.size() > 1 ? "\n\n" : "\n"));
                say(String.format(java.util.Locale.ROOT, "sample %d: longest span found in the training text %d characters%s; "
                        + "%.1f%% of its characters in spans of %d or more", n, copying.longestSpan(),
                        copying.longestSpan() == 0 ? "" : " (\"" + copying.longest().replace("\n", "⏎") + "\")",
                        100 * copying.copiedShare(), copying.minSpan()));
            }
        }
        out.flush();
    }

    /** --prime TEXT, --prime - (stdin) or --prime-file FILE, read as strict UTF-8. */
    private String primeText() {
        if (primeFile != null) {
            return codePointsToString(TextFiles.readCodePoints(primeFile));
        }
        if (prime.equals("-")) {
            try {
                return codePointsToString(TextFiles.decodeUtf8(System.in.readAllBytes(), "stdin"));
            } catch (IOException e) {
                throw new UserInputException("cannot read the prime from stdin: " + e.getMessage());
            }
        }
        return prime;
    }

    /** The flag the prime came from, as the user gave it. */
    private String primeSource() {
        return primeFile != null ? "--prime-file " + primeFile : prime.equals("-") ? "--prime - (stdin)" : "--prime";
    }

    private static String codePointsToString(int[] codePoints) {
        return new String(codePoints, 0, codePoints.length);
    }

    private void validate() {
        if (primeFile != null && !prime.isEmpty()) {
            throw new UserInputException("give either --prime or --prime-file, not both");
        }
        if (!(temperature >= 0 && temperature <= 100)) {
            throw new UserInputException("--temperature must be between 0 and 100 (got " + temperature + ")");
        }
        if (length < 0 || length > 100_000_000) {
            throw new UserInputException("--length must be between 0 and 100000000 (got " + length + ")");
        }
        if (topK < 0) {
            throw new UserInputException("--top-k must be 0 (off) or positive (got " + topK + ")");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new UserInputException("--top-p must be above 0 and at most 1 (got " + topP + ")");
        }
        if (numSamples < 1 || numSamples > 4096) {
            throw new UserInputException("--num-samples must be between 1 and 4096 (got " + numSamples + ")");
        }
        if (copySpan < 1) {
            throw new UserInputException("--copy-span must be at least 1 (got " + copySpan + ")");
        }
        if (maxCopy != null && maxCopy < 0) {
            throw new UserInputException("--max-copy must be 0 or more (got " + maxCopy + ")");
        }
        if (stop != null && stop.isEmpty()) {
            throw new UserInputException("--stop must not be empty");
        }
    }
}
