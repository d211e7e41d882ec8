package rnn.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.CheckpointFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
            assertTrue(files.map(f -> f.getFileName().toString()).filter(name -> !name.equals(".train.lock"))
                            .noneMatch(name -> name.startsWith(".") || name.endsWith(".tmp")),
                    "no temporary file left behind");
        }
    }

    /**
     * The disk fills while only metrics.jsonl is being written: one warning, training goes on, and once there is
     * room again the checkpoints and the log's later entries are written; the log holds no torn line.
     */
    @Test
    void fullDiskDuringAMetricsWriteWarnsOnceAndTrainingGoesOn() throws Exception {
        Path disk = mountTmpfs("metrics", "size=16m");
        Path corpus = Files.writeString(dir.resolve("c.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(300));
        Path checkpoints = disk.resolve("run");
        Path filler = disk.resolve("filler");
        try (RnnProcess rnn = new RnnProcess(dir.resolve("out"), "train", corpus.toString(), "--layers", "1", "--hidden", "256",
                "--batch", "4", "--seq-len", "20", "--max-steps", "400", "--eval-every", "400", "--print-every", "1",
                "--checkpoint-dir", checkpoints.toString())) {
            rnn.awaitLine("step 3");
            fill(filler);
            rnn.awaitLine("warning: cannot append to"); // a page of log lines later
            Files.delete(filler);
            assertEquals(0, rnn.waitForExit(), rnn.err());
            assertEquals(1, rnn.err().lines().filter(line -> line.startsWith("warning:")).count(), rnn.err());
            assertTrue(rnn.err().contains("No space left on device") && rnn.err().contains("training goes on"), rnn.err());
        }
        assertEquals(400, CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().progress().step());
        List<String> lines = Files.readAllLines(checkpoints.resolve("metrics.jsonl"));
        for (String line : lines) {
            assertTrue(line.matches("\\{\"step\":\\d+,.*\\}"), "a whole entry: " + line);
        }
        assertTrue(lines.get(lines.size() - 1).contains("valLoss"), "entries are written again once there is room");
        assertTrue(lines.size() < 401, "the entries of the full disk are missing: " + lines.size());
    }

    /** Writes the file until the disk has no room left. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left on device: as intended
        }
        // the last partial block may have landed in part; one byte more must fail
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 4096; i++) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            return;
        }
        throw new IllegalStateException("the tmpfs is not full");
    }
}
