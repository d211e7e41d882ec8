package rnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory stays flat while training: nothing (on-heap or off-heap) grows with the step count. A child
 * process with a fixed heap trains, validates and checkpoints for several hundred steps; its resident
 * size after warm-up and at the end may differ by little. (A 35-minute run of the default model on
 * tinyshakespeare grew by under 1%: docs/measurements.md.)
 */
class MemoryTest {
    @TempDir
    Path dir;

    @Test
    void residentMemoryIsFlatOverHundredsOfSteps() throws Exception {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(400));
        try (RnnProcess rnn = new RnnProcess(List.of("-Xms128m", "-Xmx128m"), dir.resolve("out"), "train", corpus.toString(),
                "--layers", "2", "--hidden", "64", "--batch", "8", "--seq-len", "32", "--epochs", "0", "--max-steps", "900",
                "--print-every", "100", "--eval-every", "100", "--dropout", "0.1", "--checkpoint-dir", dir.resolve("ckpt").toString())) {
            rnn.awaitLine("step 300/");
            long warm = rnn.residentKilobytes();
            rnn.awaitLine("step 900/");
            long end = rnn.residentKilobytes();
            rnn.waitForExit();
            assertTrue(end < warm * 1.10, "resident memory grew from " + warm + " kB to " + end + " kB");
        }
    }
}
