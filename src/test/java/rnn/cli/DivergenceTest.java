package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.checkpoint.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, item 5: a run made to diverge, through the real process. Its weights are pushed to 3e38 (finite, so
 * the checkpoint loads), the logits overflow to infinities and the loss becomes NaN at the next step.
 */
class DivergenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String[] train(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "c.txt", "--layers", "1", "--hidden", "16", "--embed", "8",
                "--batch", "4", "--seq-len", "16", "--epochs", "0", "--eval-every", "10", "--print-every", "5",
                "--checkpoint-dir", "run", "--threads", "1"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** A copy of {@code from} whose output weights are all 3e38. */
    private Path overflowing(Path from, Path to) {
        Checkpoint good = CheckpointFile.read(from);
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        Tensor weights = tensors.get("param.output.weight");
        float[] huge = new float[weights.data().length];
        Arrays.fill(huge, 3e38f);
        tensors.put("param.output.weight", new Tensor(weights.shape(), huge));
        CheckpointFile.write(to, new Checkpoint(good.manifest(), tensors));
        return to;
    }

    @Test
    void aDivergingRunRollsBackToItsLastCheckpointWithHalfTheLearningRateAndGoesOn() throws Exception {
        Files.writeString(dir.resolve("c.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(60));
        assertEquals(0, ChildRnn.run(dir, train("--max-steps", "10", "--quiet")).exitCode());
        Path poisoned = overflowing(dir.resolve("run/latest.ckpt"), dir.resolve("run/poisoned.ckpt"));

        ChildRnn.Result rolled = ChildRnn.run(dir, train("--resume", poisoned.toString(), "--max-steps", "20", "--json"));
        assertEquals(0, rolled.exitCode(), rolled.toString());
        assertTrue(rolled.err().contains("diverged at step 11 (the loss became NaN): rolled back to step 10 (latest.ckpt) with the "
                + "learning rate halved, now 0.5 of the schedule's; rollback 1 of 3"), rolled.err());
        assertEquals(20, JSON.readTree(rolled.out()).get("step").asLong());
        Checkpoint latest = CheckpointFile.read(dir.resolve("run/latest.ckpt"));
        assertEquals(1, latest.manifest().progress().rollbacks(), "the halving is part of the run: a resume keeps it");
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("run/metrics.jsonl"))) {
            entries.add(JSON.readTree(line));
        }
        JsonNode rollback = entries.stream().filter(e -> e.has("rollback")).findFirst().orElseThrow();
        assertEquals(10, rollback.get("step").asLong());
        assertEquals(11, rollback.get("rollback").get("divergedAt").asLong());
        assertEquals(0.5, rollback.get("rollback").get("lrScale").asDouble());
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i).get("step").asLong() >= entries.get(i - 1).get("step").asLong(), "one story: " + entries);
        }
        JsonNode lastTraining = entries.stream().filter(e -> e.has("lr")).reduce((a, b) -> b).orElseThrow();
        assertEquals(20, lastTraining.get("step").asLong());
        assertEquals(0.5 * 5e-4, lastTraining.get("lr").asDouble(), 1e-9, "the cosine floor (a tenth of 5e-3), halved: " + lastTraining);
    }

    @Test
    void stopStopsAtOnceAndRollbacksRunOut() throws Exception {
        Files.writeString(dir.resolve("c.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(60));
        assertEquals(0, ChildRnn.run(dir, train("--max-steps", "10", "--quiet")).exitCode());
        byte[] good = Files.readAllBytes(dir.resolve("run/latest.ckpt"));
        Path poisoned = overflowing(dir.resolve("run/latest.ckpt"), dir.resolve("run/poisoned.ckpt"));

        ChildRnn.Result stopped = ChildRnn.run(dir, train("--resume", poisoned.toString(), "--max-steps", "20", "--on-divergence", "stop"));
        assertEquals(1, stopped.exitCode(), stopped.toString());
        assertTrue(stopped.err().contains("training diverged at step 11: the loss became NaN"), stopped.err());
        assertTrue(Arrays.equals(good, Files.readAllBytes(dir.resolve("run/latest.ckpt"))), "latest.ckpt untouched");

        // The checkpoint to go back to diverges too: each rollback is said, then the run gives up.
        overflowing(dir.resolve("run/latest.ckpt"), dir.resolve("run/latest.ckpt"));
        ChildRnn.Result gaveUp = ChildRnn.run(dir, train("--resume", dir.resolve("run/latest.ckpt").toString(), "--max-steps", "20",
                "--max-rollbacks", "2"));
        assertEquals(1, gaveUp.exitCode(), gaveUp.toString());
        assertEquals(2, gaveUp.err().lines().filter(l -> l.contains("rolled back to step 10")).count(), gaveUp.err());
        assertTrue(gaveUp.err().contains("(after 2 rollbacks, --max-rollbacks 2)"), gaveUp.err());
    }
}
