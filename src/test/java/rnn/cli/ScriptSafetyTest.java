package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.checkpoint.Manifest;
import rnn.checkpoint.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 23: what a CI script trips on. Each test is one item of the issue, run as a script would run it. */
class ScriptSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path corpus() throws Exception {
        Path corpus = dir.resolve("small.txt");
        if (!Files.exists(corpus)) {
            Files.writeString(corpus, "the quick brown fox jumps over the lazy dog\n".repeat(60));
        }
        return corpus;
    }

    /** A tiny run; {@code extra} is appended, and replaces the value of a default option it repeats. */
    private List<String> train(Object corpus, Path checkpoints, String... extra) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--layers", "1", "--hidden", "16", "--embed", "8",
                "--batch", "4", "--seq-len", "16", "--epochs", "0", "--eval-every", "5", "--print-every", "5", "--threads", "1"));
        options.put("--checkpoint-dir", checkpoints.toString());
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < extra.length; i++) {
            boolean valued = i + 1 < extra.length && !extra[i + 1].startsWith("--");
            if (options.containsKey(extra[i]) && valued) {
                options.put(extra[i], extra[++i]);
            } else {
                flags.add(extra[i]);
            }
        }
        List<String> args = new ArrayList<>(List.of("train", corpus.toString()));
        options.forEach((name, value) -> args.addAll(List.of(name, value)));
        args.addAll(flags);
        return args;
    }

    private Cli.Result run(List<String> args) {
        return Cli.run(args.toArray(String[]::new));
    }

    /** Item 3: a FIFO, bash's process substitution and stdin ("-") train as the file itself does, each read once. */
    @Test
    void aCorpusThatIsAPipeOrStdinIsReadOnce() throws Exception {
        Path corpus = corpus();
        Cli.Result file = run(train(corpus, dir.resolve("file"), "--max-steps", "5", "--quiet"));
        assertEquals(0, file.exitCode(), file.toString());
        Manifest expected = CheckpointFile.readManifest(dir.resolve("file/latest.ckpt"));

        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Process writer = new ProcessBuilder("sh", "-c", "cat '" + corpus + "' > '" + fifo + "'").start();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        String[][] runs = {
                {"fifo", java + " -cp '" + classPath + "' rnn.cli.Main " + String.join(" ", train(fifo, dir.resolve("fifo-run"), "--max-steps", "5", "--quiet"))},
                {"substitution", java + " -cp '" + classPath + "' rnn.cli.Main " + String.join(" ", train("<(cat '" + corpus + "')", dir.resolve("substitution-run"), "--max-steps", "5", "--quiet"))},
                {"stdin", java + " -cp '" + classPath + "' rnn.cli.Main " + String.join(" ", train("-", dir.resolve("stdin-run"), "--max-steps", "5", "--quiet")) + " < '" + corpus + "'"}};
        for (String[] how : runs) {
            Process process = new ProcessBuilder("bash", "-c", how[1]).redirectErrorStream(true).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), how[0] + " still running: it hangs");
            String output = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.exitValue(), how[0] + ": " + output);
            Manifest trained = CheckpointFile.readManifest(dir.resolve(how[0] + "-run/latest.ckpt"));
            assertTrue(trained.text().sameText(expected.text()), how[0] + ": " + trained.text() + " against " + expected.text());
            // the same text, the same run (to rounding: the child runs the kernels without the Vector API)
            assertEquals(expected.progress().trainLoss(), trained.progress().trainLoss(), 1e-6, how[0]);
        }
        assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertFalse(left.anyMatch(f -> f.getFileName().toString().startsWith("rnn-text-")
                    && f.toFile().lastModified() > System.currentTimeMillis() - 60_000), "the copies are removed");
        }
    }

    /** Item 5: resuming best.ckpt where latest.ckpt is later is refused, and --overwrite does it on purpose. */
    @Test
    void resumingAnEarlierCheckpointDoesNotSilentlyDestroyLaterWork() throws Exception {
        Path checkpoints = dir.resolve("run");
        assertEquals(0, run(train(corpus(), checkpoints, "--max-steps", "20", "--keep-every", "10", "--quiet")).exitCode());
        Path older = checkpoints.resolve("step-000010.ckpt");
        byte[] latestBefore = Files.readAllBytes(checkpoints.resolve("latest.ckpt"));
        long metricsBefore = Files.readAllLines(checkpoints.resolve("metrics.jsonl")).size();

        Cli.Result refused = run(train(corpus(), checkpoints, "--resume", older.toString(), "--max-steps", "12"));
        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals("rnn: --resume " + older + " is at step 10, but " + checkpoints.resolve("latest.ckpt") + " is at step 20: going on "
                + "from here would replace it and cut metrics.jsonl back; resume " + checkpoints.resolve("latest.ckpt")
                + ", write elsewhere with --checkpoint-dir, or pass --overwrite to go back to step 10\n", refused.err());
        assertEquals(metricsBefore, Files.readAllLines(checkpoints.resolve("metrics.jsonl")).size(), "nothing cut");
        assertTrue(java.util.Arrays.equals(latestBefore, Files.readAllBytes(checkpoints.resolve("latest.ckpt"))), "nothing replaced");

        Cli.Result elsewhere = run(train(corpus(), checkpoints, "--resume", older.toString(), "--max-steps", "12",
                "--checkpoint-dir", dir.resolve("branch").toString(), "--quiet"));
        assertEquals(0, elsewhere.exitCode(), elsewhere.toString());
        Cli.Result onPurpose = run(train(corpus(), checkpoints, "--resume", older.toString(), "--max-steps", "12", "--overwrite", "--quiet"));
        assertEquals(0, onPurpose.exitCode(), onPurpose.toString());
        assertEquals(12, CheckpointFile.readManifest(checkpoints.resolve("latest.ckpt")).progress().step());
    }

    /** Item 6: --overwrite removes the old run's kept checkpoints, and says so. */
    @Test
    void overwriteSaysWhatItRemoves() throws Exception {
        Path checkpoints = dir.resolve("old");
        assertEquals(0, run(train(corpus(), checkpoints, "--max-steps", "10", "--keep-every", "5", "--quiet")).exitCode());
        Cli.Result again = run(train(corpus(), checkpoints, "--max-steps", "3", "--overwrite"));
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("--overwrite: removed the old run's best.ckpt, metrics.jsonl, loss.png, 2 kept checkpoints (step-*.ckpt) from "
                + checkpoints), again.err());
        assertTrue(Cli.run("train", "--help").out().contains("kept step-*.ckpt"), "the help says it too");
    }

    /** Item 7: a resume on other text is refused; the same text under another name is not. */
    @Test
    void resumingOnOtherTextIsRefusedAndTheTextIsSaved() throws Exception {
        Path checkpoints = dir.resolve("text");
        assertEquals(0, run(train(corpus(), checkpoints, "--max-steps", "5", "--quiet")).exitCode());
        Path latest = checkpoints.resolve("latest.ckpt");
        JsonNode info = JSON.readTree(Cli.run("info", latest.toString(), "--json").out());
        assertEquals(corpus().toString(), info.get("text").get("files").get(0).asText());
        assertEquals(44 * 60, info.get("text").get("chars").asLong());

        Path other = Files.writeString(dir.resolve("other.txt"), "the lazy dog jumps over the quick brown fox\n".repeat(80));
        Cli.Result refused = run(train(other, checkpoints, "--resume", latest.toString(), "--max-steps", "8"));
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().startsWith("rnn: the checkpoint was trained on " + corpus() + " (2,640 characters), and " + other
                + " (3,520 characters) is other text;") && refused.err().contains("--init-from"), refused.err());
        assertEquals(1, refused.err().lines().count());

        Path renamed = Files.copy(corpus(), dir.resolve("renamed.txt"));
        Cli.Result same = run(train(renamed, checkpoints, "--resume", latest.toString(), "--max-steps", "8", "--quiet"));
        assertEquals(0, same.exitCode(), same.toString());
    }

    /** Item 10: every training entry of metrics.jsonl has a measured speed or null, never 0; the log line shows it. */
    @Test
    void theSpeedIsMeasuredEvenWhenEveryStepValidates() throws Exception {
        Path checkpoints = dir.resolve("speed");
        // bounded by steps, not time: the speed window closes after 100 steps however loaded the machine is
        Cli.Result result = run(train(corpus(), checkpoints, "--max-steps", "110", "--eval-every", "1", "--print-every", "1",
                "--checkpoint-every", "1", "--val-frac", "0.2"));
        assertEquals(0, result.exitCode(), result.toString());
        int measured = 0;
        for (String line : Files.readAllLines(checkpoints.resolve("metrics.jsonl"))) {
            JsonNode entry = JSON.readTree(line);
            if (entry.has("charsPerSec")) {
                assertTrue(entry.get("charsPerSec").isNull() || entry.get("charsPerSec").asLong() > 0, line);
                measured += entry.get("charsPerSec").isNull() ? 0 : 1;
            }
        }
        assertTrue(measured > 0, "a speed was measured while validation ran after every step");
        assertTrue(result.err().contains("speed "), result.err());
    }

    /** Item 2 and 14: a model with a non-finite weight is refused by every reader; -c DIR means DIR/best.ckpt. */
    @Test
    void nonFiniteWeightsAreRefusedAndADirectoryMeansItsBestCheckpoint() throws Exception {
        Path checkpoints = dir.resolve("nan");
        assertEquals(0, run(train(corpus(), checkpoints, "--max-steps", "5", "--quiet")).exitCode());
        Cli.Result byDirectory = Cli.run("eval", "-c", checkpoints.toString(), corpus().toString(), "--json");
        assertEquals(0, byDirectory.exitCode(), byDirectory.toString());
        assertEquals(checkpoints.resolve("best.ckpt").toString(), JSON.readTree(byDirectory.out()).get("checkpoint").asText());
        assertEquals(0, Cli.run("info", checkpoints.toString()).exitCode());
        assertEquals(0, Cli.run("sample", "-c", checkpoints.toString(), "--length", "3", "-q").exitCode());

        Checkpoint good = CheckpointFile.read(checkpoints.resolve("best.ckpt"));
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        Tensor weights = tensors.get("param.output.weight");
        float[] values = weights.data().clone();
        java.util.Arrays.fill(values, Float.NaN);
        tensors.put("param.output.weight", new Tensor(weights.shape(), values));
        Path nan = dir.resolve("nan.ckpt");
        CheckpointFile.write(nan, new Checkpoint(good.manifest(), tensors)); // a valid checksum
        for (String[] reader : new String[][] {{"eval", "-c", nan.toString(), corpus().toString(), "--max-bpc", "2.3", "--json"},
                {"sample", "-c", nan.toString(), "--length", "5"}, {"info", nan.toString()}, {"info", nan.toString(), "--json"},
                {"export", nan.toString(), "-o", dir.resolve("x.safetensors").toString()}}) {
            Cli.Result result = Cli.run(reader);
            assertEquals(2, result.exitCode(), String.join(" ", reader) + ": " + result);
            assertEquals("", result.out());
            assertTrue(result.err().startsWith("rnn: " + nan + ": tensor param.output.weight holds NaN values")
                    && result.err().lines().count() == 1, result.err());
        }
    }
}
