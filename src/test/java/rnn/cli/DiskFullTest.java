package rnn.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.CheckpointFile;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real file systems that refuse writes. A full one: a 2 MB tmpfs holds the first pair of ~0.95 MB checkpoints but not a third
 * file, so the next checkpoint write fails. Needs root (CI runs as root); skipped elsewhere.
 */
class DiskFullTest {
    @TempDir
    Path dir;
    private Path mountPoint;

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null) {
            new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor();
        }
    }

    /** A fresh tmpfs with the given mount options, unmounted after the test; skips the test without root. */
    private Path mountTmpfs(String name, String options) throws Exception {
        Path point = Files.createDirectories(dir.resolve(name));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", point.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "mounting a tmpfs needs root");
        mountPoint = point;
        return point;
    }

    @Test
    void readOnlyCheckpointDirectoryIsAClearErrorBeforeTraining() throws Exception {
        Path readOnly = mountTmpfs("ro", "ro,size=1m");
        Path corpus = Files.writeString(dir.resolve("c.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(300));
        Cli.Result result = Cli.run("train", corpus.toString(), "--layers", "1", "--hidden", "16", "--batch", "4",
                "--seq-len", "20", "--max-steps", "5", "--checkpoint-dir", readOnly.resolve("run").toString(), "--quiet");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("rnn: cannot create --checkpoint-dir") && result.err().contains("Read-only"),
                result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void fullDiskDuringACheckpointWriteFailsClearlyAndKeepsThePreviousCheckpoints() throws Exception {
        Path small = mountTmpfs("small", "size=2000k");

        Path corpus = Files.writeString(dir.resolve("c.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(300));
        Cli.Result result = Cli.run("train", corpus.toString(), "--layers", "1", "--hidden", "128", "--embed", "16",
                "--batch", "4", "--seq-len", "20", "--lr", "0.01", "--max-steps", "40", "--eval-every", "5",
                "--checkpoint-dir", small.toString(), "--quiet");

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("rnn: cannot write checkpoint") && result.err().contains("No space left on device")
                && result.err().contains("previous checkpoint there is unchanged"), result.err());
        assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        assertEquals("", result.out());
        // The first pair, written at step 5, is whole and loads.
        assertEquals(5, CheckpointFile.read(small.resolve("latest.ckpt")).manifest().progress().step());
        CheckpointFile.read(small.resolve("best.ckpt"));
        try (var files = Files.list(small)) {
            assertTrue(files.map(f -> f.getFileName().toString()).noneMatch(name -> name.startsWith(".") || name.endsWith(".tmp")),
                    "no temporary file left behind");
        }
    }
}
