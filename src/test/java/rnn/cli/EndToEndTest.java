package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(node.get("bestValLoss").asDouble() < 0.05, "validation loss near zero: " + node);
        assertEquals(0.0, node.get("training").get("forgetBias").asDouble(), 0.0, "the default start is saved");
        assertTrue(Cli.run("info", checkpoints.resolve("best.ckpt").toString()).out().contains(", forget-bias 0.0"));
        assertEquals("cosine", node.get("training").get("schedule").asText(), "the default schedule is saved");
        assertEquals(200, JSON.readTree(Cli.run("info", checkpoints.resolve("latest.ckpt").toString(), "--json").out())
                .get("step").asInt());

        Cli.Result sample = Cli.run("sample", "-c", checkpoints.resolve("best.ckpt").toString(), "--temperature", "0",
                "--prime", "to be", "--length", String.valueOf(2 * LINE.codePointCount(0, LINE.length())));
        assertEquals(0, sample.exitCode(), sample.toString());
        assertEquals("to be" + LINE.substring(5) + LINE + "to be\n", sample.out());
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

        Cli.Result resumed = Cli.run("train", corpus.toString(), "--resume", copy.resolve("latest.ckpt").toString(),
                "--checkpoint-dir", copy.toString(), "--max-steps", "210", "--quiet");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals("", resumed.err());
        assertEquals(210, JSON.readTree(Cli.run("info", copy.resolve("latest.ckpt").toString(), "--json").out())
                .get("step").asInt());
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
