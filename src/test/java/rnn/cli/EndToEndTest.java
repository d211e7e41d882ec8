package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import rnn.model.SavedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as a user runs it: train a tiny model on a repetitive text until it has learned it,
 * then sample the pattern back, evaluate, inspect and resume.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
    private static final String LINE = "to be or not to be, 🙂 that is the question\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    Path dir;
    Path corpus;
    Path checkpoints;
    Cli.Result training;

    @BeforeAll
    void trainTinyModel(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        corpus = Files.writeString(dir.resolve("corpus.txt"), LINE.repeat(120));
        checkpoints = dir.resolve("ckpt");
        training = Cli.run("train", corpus.toString(), "--layers", "1", "--hidden", "48", "--embed", "16",
                "--seq-len", "32", "--batch", "8", "--lr", "0.01", "--max-steps", "200", "--epochs", "0", "--eval-every", "50",
                "--print-every", "50", "--checkpoint-dir", checkpoints.toString(), "--threads", "1");
    }

    @Test
    void trainingWritesCheckpointsAndMetricsAndNothingOnStdout() throws Exception {
        assertEquals(0, training.exitCode(), training.toString());
        assertEquals("", training.out());
        assertTrue(training.err().contains("parameters") && training.err().contains("per epoch"), training.err());
        assertTrue(training.err().contains("step 50/200"), "plain progress lines when not a terminal: " + training.err());
        assertTrue(!training.err().contains("\033["), "no control codes when stderr is not a terminal");
        assertEquals(4, training.err().lines().filter(l -> l.startsWith("  sample: ")).count(), "a preview at each validation");
        assertTrue(Files.exists(checkpoints.resolve("latest.ckpt")) && Files.exists(checkpoints.resolve("best.ckpt")));
        List<String> metrics = Files.readAllLines(checkpoints.resolve("metrics.jsonl"));
        assertEquals(8, metrics.size(), "4 training + 4 validation entries");
        JsonNode first = JSON.readTree(metrics.get(0));
        assertEquals(Set.of("step", "epoch", "loss", "lr", "charsPerSec"), fieldNames(first));
        JsonNode validation = JSON.readTree(metrics.get(1));
        assertEquals(Set.of("step", "epoch", "valLoss", "valBpc", "seconds"), fieldNames(validation));
    }

    @Test
    void theModelLearnedThePatternAndSamplesItBack() throws Exception {
        Cli.Result info = Cli.run("info", checkpoints.resolve("best.ckpt").toString(), "--json");
        assertEquals(0, info.exitCode(), info.toString());
        JsonNode node = JSON.readTree(info.out());
        // ln 16 = 2.77 at the start; 0.1 is a perplexity of 1.1 (the default weight drop and decay keep it off 0)
        assertTrue(node.get("bestValLoss").asDouble() < 0.1, "validation loss near zero: " + node);
        assertEquals(0.0, node.get("training").get("forgetBias").asDouble(), 0.0, "the default start is saved");
        assertEquals(0.3, node.get("training").get("weightDrop").asDouble(), 0.0, "the default weight drop is saved");
        assertEquals(0.1, node.get("training").get("weightDecay").asDouble(), 0.0, "the default weight decay is saved");
        assertTrue(Cli.run("info", checkpoints.resolve("best.ckpt").toString()).out().contains(", forget-bias 0"));
        assertEquals("cosine", node.get("training").get("schedule").asText(), "the default schedule is saved");
        assertEquals(200, JSON.readTree(Cli.run("info", checkpoints.resolve("latest.ckpt").toString(), "--json").out())
                .get("step").asInt());

        Cli.Result sample = Cli.run("sample", "-c", checkpoints.resolve("best.ckpt").toString(), "--temperature", "0",
                "--prime", "to be", "--length", String.valueOf(2 * LINE.codePointCount(0, LINE.length())));
        assertEquals(0, sample.exitCode(), sample.toString());
        // "to be" occurs twice in LINE, so either continuation is the pattern: the sample must be a stretch of it
        String text = sample.out().substring(0, sample.out().length() - 1);
        assertTrue(text.startsWith("to be") && sample.out().endsWith("\n"), sample.out());
        assertEquals(5 + 2 * LINE.codePointCount(0, LINE.length()), text.codePointCount(0, text.length()), text);
        assertTrue(LINE.repeat(4).contains(text), "the sample continues the training text's pattern: " + text);
        assertEquals("", sample.err());
    }

    @Test
    void samplingIsDeterministicForASeed() {
        String[] args = {"sample", "-c", checkpoints.resolve("best.ckpt").toString(), "--temperature", "1.5",
                "--length", "300", "--seed", "42", "--top-k", "5"};
        Cli.Result a = Cli.run(args), b = Cli.run(args);
        assertEquals(0, a.exitCode(), a.toString());
        assertEquals(a.out(), b.out());
        Cli.Result batch = Cli.run("sample", "-c", checkpoints.resolve("best.ckpt").toString(), "--length", "100",
                "--seed", "1", "--num-samples", "4", "--prime", "to");
        assertEquals(0, batch.exitCode(), batch.toString());
        assertEquals(4, batch.out().split("\n\n(?=to)", -1).length, batch.out());
    }

    @Test
    void evalReportsJsonAndGates() throws Exception {
        Path heldOut = Files.writeString(dir.resolve("held_out.txt"), LINE.repeat(3) + "#");
        Cli.Result eval = Cli.run("eval", heldOut.toString(), "-c", checkpoints.resolve("best.ckpt").toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.toString());
        JsonNode node = JSON.readTree(eval.out());
        assertEquals(Set.of("chars", "loss", "bpc", "perplexity", "oov", "checkpoint"), fieldNames(node));
        assertEquals(1, node.get("oov").asInt(), "'#' is outside the vocabulary");
        assertEquals(3 * LINE.codePointCount(0, LINE.length()) - 1, node.get("chars").asInt());
        assertEquals(node.get("loss").asDouble() / Math.log(2), node.get("bpc").asDouble(), 1e-9);
        assertEquals(Math.exp(node.get("loss").asDouble()), node.get("perplexity").asDouble(), 1e-9);

        Cli.Result pass = Cli.run("eval", heldOut.toString(), "-c", checkpoints.resolve("best.ckpt").toString(), "--max-bpc", "1");
        assertEquals(0, pass.exitCode(), pass.toString());
        assertTrue(pass.out().contains("bpc"));
        Cli.Result fail = Cli.run("eval", heldOut.toString(), "-c", checkpoints.resolve("best.ckpt").toString(),
                "--max-bpc", "0.000001", "--json");
        assertEquals(3, fail.exitCode(), fail.toString());
        assertTrue(fail.err().contains("above --max-bpc"), fail.err());
        JSON.readTree(fail.out()); // still the one JSON object on stdout
    }

    @Test
    void lrDecayAloneMeansTheStepScheduleAsBeforeSchedulesExisted() {
        Path run = dir.resolve("decay");
        Cli.Result trained = Cli.run("train", corpus.toString(), "--layers", "1", "--hidden", "8", "--batch", "4",
                "--seq-len", "16", "--max-steps", "3", "--epochs", "0", "--lr-decay", "0.95", "--quiet",
                "--checkpoint-dir", run.toString(), "--threads", "1");
        assertEquals(0, trained.exitCode(), trained.toString());
        String info = Cli.run("info", run.resolve("latest.ckpt").toString()).out();
        assertTrue(info.contains("lr-schedule step, lr-decay 0.95"), info);
    }

    @Test
    void resumingContinuesAndAnotherRunIsNotOverwritten() throws Exception {
        Path copy = dir.resolve("resume");
        Files.createDirectories(copy);
        Files.copy(checkpoints.resolve("latest.ckpt"), copy.resolve("latest.ckpt"));
        byte[] before = Files.readAllBytes(copy.resolve("latest.ckpt"));

        Cli.Result again = Cli.run("train", corpus.toString(), "--checkpoint-dir", copy.toString());
        assertEquals(2, again.exitCode(), again.toString());
        assertTrue(again.err().contains("--resume"), again.err());
        assertArrayEquals(before, Files.readAllBytes(copy.resolve("latest.ckpt")));

        Cli.Result conflict = Cli.run("train", corpus.toString(), "--resume", copy.resolve("latest.ckpt").toString(),
                "--checkpoint-dir", copy.toString(), "--hidden", "64");
        assertEquals(2, conflict.exitCode(), conflict.toString());
        assertTrue(conflict.err().contains("--hidden 64 (checkpoint: 48)"), conflict.err());
        Cli.Result schedule = Cli.run("train", corpus.toString(), "--resume", copy.resolve("latest.ckpt").toString(),
                "--checkpoint-dir", copy.toString(), "--lr-schedule", "constant");
        assertEquals(2, schedule.exitCode(), schedule.toString());
        assertTrue(schedule.err().contains("--lr-schedule constant (checkpoint: cosine)"), schedule.err());

        // No --checkpoint-dir: a resumed run goes on beside the checkpoint it resumes.
        Cli.Result resumed = Cli.run("train", corpus.toString(), "--resume", copy.resolve("latest.ckpt").toString(),
                "--max-steps", "210", "--quiet");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals("", resumed.err());
        assertEquals(210, JSON.readTree(Cli.run("info", copy.resolve("latest.ckpt").toString(), "--json").out())
                .get("step").asInt());
        assertTrue(Files.exists(copy.resolve("metrics.jsonl")));
    }

    @Test
    void aRandomSampleNamesItsSeedSoItCanBeMadeAgain() {
        String checkpoint = checkpoints.resolve("best.ckpt").toString();
        Cli.Result first = Cli.run("sample", "-c", checkpoint, "--length", "40");
        assertEquals(0, first.exitCode(), first.toString());
        java.util.regex.Matcher seed = java.util.regex.Pattern.compile("rnn: seed (-?\\d+) \\(--seed \\1 samples this again\\)\n")
                .matcher(first.err());
        assertTrue(seed.matches(), "one line with the seed: " + first.err());
        Cli.Result again = Cli.run("sample", "-c", checkpoint, "--length", "40", "--seed", seed.group(1));
        assertEquals(first.out(), again.out());
        assertEquals("", again.err(), "a given seed is not repeated back");
        assertEquals("", Cli.run("sample", "-c", checkpoint, "--length", "40", "--quiet").err());
        assertEquals("", Cli.run("sample", "-c", checkpoint, "--length", "40", "--temperature", "0").err(), "greedy needs no seed");
    }

    @Test
    void samplesAsJsonLinesHoldWhatThePlainOutputHolds() throws Exception {
        String checkpoint = checkpoints.resolve("best.ckpt").toString();
        String[] args = {"sample", "-c", checkpoint, "--length", "60", "--num-samples", "3", "--seed", "5", "--prime", "to"};
        Cli.Result plain = Cli.run(args);
        String[] jsonArgs = java.util.Arrays.copyOf(args, args.length + 1);
        jsonArgs[args.length] = "--json";
        Cli.Result json = Cli.run(jsonArgs);
        assertEquals(0, json.exitCode(), json.toString());
        List<String> lines = json.out().lines().toList();
        assertEquals(3, lines.size(), json.out());
        StringBuilder joined = new StringBuilder();
        for (int n = 0; n < 3; n++) {
            JsonNode sample = JSON.readTree(lines.get(n));
            assertEquals(Set.of("sample", "seed", "numSamples", "prime", "text"), fieldNames(sample));
            assertEquals(n, sample.get("sample").asInt());
            assertEquals(5, sample.get("seed").asLong());
            assertEquals(3, sample.get("numSamples").asInt(), "with the seed, what makes this sample again");
            joined.append(sample.get("prime").asText()).append(sample.get("text").asText()).append("\n\n");
        }
        assertEquals(plain.out(), joined.toString());
    }

    @Test
    void exportWritesSafetensorsThatReadBackToTheWeights() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Cli.Result export = Cli.run("export", checkpoints.resolve("best.ckpt").toString(), "-o", file.toString());
        assertEquals(0, export.exitCode(), export.toString());
        byte[] bytes = Files.readAllBytes(file);
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        assertEquals(0, headerLength % 8, "data 8-byte aligned");
        JsonNode header = JSON.readTree(new String(bytes, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8));
        JsonNode metadata = header.get("__metadata__");
        assertEquals("rnn-weights-1", metadata.get("format").asText());
        assertEquals(48, JSON.readTree(metadata.get("architecture").asText()).get("hidden").asInt());
        rnn.checkpoint.Checkpoint checkpoint = rnn.checkpoint.CheckpointFile.read(checkpoints.resolve("best.ckpt"));
        assertEquals(SavedModel.vocabulary(checkpoint).size(), JSON.readTree(metadata.get("vocabulary").asText()).size());
        int tensors = 0;
        for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) header::fields) {
            if (entry.getKey().equals("__metadata__")) {
                continue;
            }
            tensors++;
            rnn.checkpoint.Tensor expected = checkpoint.tensors().get("param." + entry.getKey());
            assertEquals("F32", entry.getValue().get("dtype").asText());
            assertEquals(java.util.Arrays.toString(expected.shape()), entry.getValue().get("shape").toString().replace(",", ", "));
            long begin = entry.getValue().get("data_offsets").get(0).asLong(), end = entry.getValue().get("data_offsets").get(1).asLong();
            float[] values = new float[(int) ((end - begin) / 4)];
            for (int i = 0; i < values.length; i++) {
                values[i] = buffer.getFloat(8 + headerLength + (int) begin + 4 * i);
            }
            assertArrayEquals(expected.data(), values, entry.getKey());
        }
        assertEquals(checkpoint.tensors().keySet().stream().filter(n -> n.startsWith("param.")).count(), tensors);
        assertEquals(8 + headerLength + 4 * checkpoint.manifest().architecture().parameterCount(), bytes.length);
    }

    @Test
    void fineTuningStartsANewRunFromTheModelsWeights() throws Exception {
        Path tuned = dir.resolve("tuned");
        Cli.Result run = Cli.run("train", corpus.toString(), "--init-from", checkpoints.resolve("best.ckpt").toString(),
                "--lr", "1e-3", "--max-steps", "10", "--epochs", "0", "--eval-every", "5", "--batch", "4", "--seq-len", "16",
                "--checkpoint-dir", tuned.toString(), "--threads", "1", "--quiet");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode info = JSON.readTree(Cli.run("info", tuned.resolve("latest.ckpt").toString(), "--json").out());
        assertEquals(10, info.get("step").asInt(), "a new run: its own step count");
        assertEquals(48, info.get("hidden").asInt(), "the model's architecture");
        assertEquals(0.001, info.get("training").get("learningRate").asDouble(), 0, "this run's settings");
        double firstValidation = JSON.readTree(Files.readAllLines(tuned.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("valLoss")).findFirst().orElseThrow()).get("valLoss").asDouble();
        assertTrue(firstValidation < 0.2, "it starts from the trained model (validation near 0), not from scratch: " + firstValidation);
    }

    @Test
    void trainingDrawsLossPngAndPlotComparesRuns() throws Exception {
        assertNonTrivialChart(checkpoints.resolve("loss.png"));
        Path other = Files.createDirectories(dir.resolve("other-run"));
        Files.write(other.resolve("metrics.jsonl"), Files.readAllLines(checkpoints.resolve("metrics.jsonl")).subList(0, 4));
        Path chart = dir.resolve("compare.png");
        Cli.Result plot = Cli.run("plot", checkpoints.toString(), other.resolve("metrics.jsonl").toString(), "-o", chart.toString());
        assertEquals(0, plot.exitCode(), plot.toString());
        assertEquals("", plot.out());
        assertNonTrivialChart(chart);
        Cli.Result missing = Cli.run("plot", dir.resolve("no-such-run").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
    }

    @Test
    void plotWritesWhatTheExtensionSaysAndRefusesOthers() throws Exception {
        Path svg = dir.resolve("chart.svg"), pdf = dir.resolve("chart.pdf");
        assertEquals(0, Cli.run("plot", checkpoints.toString(), "-o", svg.toString()).exitCode());
        assertTrue(Files.readString(svg).contains("<svg"), "SVG text, not PNG bytes");
        assertEquals(0, Cli.run("plot", checkpoints.toString(), "-o", pdf.toString()).exitCode());
        assertTrue(Files.readString(pdf, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF-"));

        Cli.Result jpg = Cli.run("plot", checkpoints.toString(), "-o", dir.resolve("chart.jpg").toString());
        assertEquals(2, jpg.exitCode(), jpg.toString());
        assertTrue(jpg.err().contains("name a file ending in .png, .svg or .pdf"), jpg.err());
        assertFalse(Files.exists(dir.resolve("chart.jpg")));

        Cli.Result noDirectory = Cli.run("plot", checkpoints.toString(), "-o", dir.resolve("nodir/x.png").toString());
        assertEquals(2, noDirectory.exitCode(), noDirectory.toString());
        assertTrue(noDirectory.err().contains("no such directory") && !noDirectory.err().contains(".tmp"), noDirectory.err());
    }

    /** A real PNG of the chart's size with curves on it: many colours, not a blank canvas. */
    private static void assertNonTrivialChart(Path png) throws Exception {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(540, image.getHeight());
        Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, "a drawn chart, " + colours.size() + " colours");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
