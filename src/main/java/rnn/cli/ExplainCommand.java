package rnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rnn.AtomicWrite;
import rnn.UserInputException;
import rnn.checkpoint.Checkpoint;
import rnn.config.ModelConfig;
import rnn.explain.ExplainJson;
import rnn.explain.ExplainPage;
import rnn.explain.Explanation;
import rnn.explain.UnitRanking;
import rnn.model.SavedModel;
import rnn.text.TextFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "explain", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Show what a model makes of a text: one self-contained HTML page with each character shaded by how surprised "
                + "the model was, its five likeliest next characters on hover, and any unit's activation over the text.",
                "Units that track something visible (quotes, brackets, position in the line, line ends) are listed first."},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn explain held_out.txt -o page.html",
                "  rnn explain --text \"ROMEO: But soft\" -o page.html",
                "  rnn explain held_out.txt --max-chars 2000 --json > states.json"})
final class ExplainCommand implements Callable<Integer> {
    static final int DEFAULT_MAX_CHARS = 10_000;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "UTF-8 text file to explain; '-' reads stdin.")
    Path file;

    @Option(names = "--text", paramLabel = "TEXT", description = "Explain this text instead of a file.")
    String text;

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the page here (an .html file).")
    Path output;

    @Option(names = "--json", description = "Print the numbers as JSON on stdout instead (surprisal, next characters, "
            + "the ranked units, every state [T][H] per layer).")
    boolean json;

    @Option(names = "--max-chars", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_CHARS,
            description = "Explain at most the first N characters (default: ${DEFAULT-VALUE}); the page carries every unit's "
                    + "activation at every character, about 1.4 KB per character for the default model.")
    int maxChars;

    @Override
    public Integer call() throws IOException {
        if ((file == null) == (text == null)) {
            throw new UserInputException(file == null ? "give a FILE to explain, or --text TEXT" : "give a FILE or --text, not both");
        }
        if (output == null && !json) {
            throw new UserInputException("say where the page goes with -o page.html, or print the numbers with --json");
        }
        if (output != null && json) {
            throw new UserInputException("-o writes the page and --json prints the numbers: give one of them");
        }
        if (maxChars < 2 || maxChars > 1_000_000) {
            throw new UserInputException("--max-chars must be between 2 and 1000000 (got " + maxChars + ")");
        }
        if (output != null && Files.isDirectory(output)) {
            throw new UserInputException("-o " + output + " is a directory; give a file name such as page.html");
        }
        Checkpoint loaded = checkpoint.readWeights();
        int[] codePoints = text != null ? text.codePoints().toArray()
                : file.toString().equals("-") ? TextFiles.decodeUtf8(System.in.readAllBytes(), "stdin") : TextFiles.readCodePoints(file);
        if (codePoints.length > maxChars) {
            spec.commandLine().getErr().printf(Locale.ROOT, "rnn: explaining the first %,d of %,d characters (--max-chars)%n",
                    maxChars, codePoints.length);
            codePoints = Arrays.copyOf(codePoints, maxChars);
        }
        Explanation explanation = Explanation.of(SavedModel.characterModel(loaded), SavedModel.vocabulary(loaded), codePoints);
        List<UnitRanking.Unit> ranking = UnitRanking.rank(explanation);
        if (json) {
            var out = spec.commandLine().getOut();
            out.println(new ObjectMapper().writeValueAsString(ExplainJson.of(explanation, ranking)));
            out.flush();
            return ExitCode.OK;
        }
        ModelConfig config = loaded.manifest().architecture();
        String model = String.format(Locale.ROOT, "%s, %d x %d, %s", config.cell().name().toLowerCase(Locale.ROOT),
                config.layers(), config.hidden(), checkpoint.file().getFileName());
        String source = text != null ? "--text" : file.toString().equals("-") ? "stdin" : file.getFileName().toString();
        String page = ExplainPage.render(explanation, ranking, source, model);
        Path target = output.toAbsolutePath();
        AtomicWrite.replace(target, target.resolveSibling("." + target.getFileName() + ".tmp"),
                temporary -> Files.writeString(temporary, page, StandardCharsets.UTF_8));
        spec.commandLine().getErr().printf(Locale.ROOT, "rnn: wrote %s (%,d characters, %.3f bits/char)%n", output,
                explanation.length(), explanation.bitsPerChar());
        return ExitCode.OK;
    }
}
