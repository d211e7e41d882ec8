package rnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.CheckpointFile;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One training run writes a checkpoint directory at a time; readers never wait; a killed run blocks nothing. */
class RunLockTest {
    @TempDir
    Path dir;

    private String[] train(Path checkpoints, String... extra) throws Exception {
        return RnnProcess.tinyTraining(dir, checkpoints, concat(new String[] {"--hidden", "32", "--eval-every", "5"}, extra));
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void aSecondRunIntoALockedDirectoryIsRefusedAtOnceAndReadersAreNot() throws Exception {
        Path checkpoints = dir.resolve("ck");
        try (RnnProcess first = new RnnProcess(dir.resolve("out"), train(checkpoints))) {
            first.awaitLine("step 3"); // before its first checkpoint: a look for files would find none
            Cli.Result second = Cli.run(train(checkpoints, "--quiet", "--max-steps", "3"));
            assertEquals(2, second.exitCode(), second.toString());
            assertEquals("rnn: another rnn train (process " + first.pid() + ") is writing to --checkpoint-dir " + checkpoints
                    + "; wait for it to end, or pick another --checkpoint-dir\n", second.err());

            first.awaitLine("step 12"); // latest.ckpt written at step 10: read while the run goes on, not resumed
            Cli.Result info = Cli.run("info", checkpoints.resolve("latest.ckpt").toString());
            assertEquals(0, info.exitCode(), info.toString());
            Cli.Result resumed = Cli.run(train(checkpoints, "--quiet", "--max-steps", "30", "--resume",
                    checkpoints.resolve("latest.ckpt").toString()));
            assertEquals(2, resumed.exitCode(), resumed.toString());
            assertTrue(resumed.err().startsWith("rnn: another rnn train (process " + first.pid() + ")"), resumed.err());
            first.signal("TERM");
            assertEquals(143, first.waitForExit(), first.err());
        }
        String[] lines = Files.readAllLines(checkpoints.resolve("metrics.jsonl")).stream()
                .map(line -> line.replaceAll(",.*", "")).toArray(String[]::new);
        for (int i = 1; i < lines.length; i++) { // one run's entries: steps never go back
            assertTrue(Integer.parseInt(lines[i].replaceAll("\\D", "")) >= Integer.parseInt(lines[i - 1].replaceAll("\\D", "")),
                    String.join("\n", lines));
        }

        Cli.Result after = Cli.run(train(checkpoints, "--quiet", "--max-steps", "3", "--overwrite"));
        assertEquals(0, after.exitCode(), "the lock ends with the run: " + after);
    }

    /**
     * Issue 23, item 1: readers in a loop beside a run that rewrites latest.ckpt and best.ckpt every step. Before
     * the run's first save a reader is told the checkpoint is not written yet (exit 75, naming the run); from
     * the first save on, every read of every reader succeeds, each file always whole.
     */
    @Test
    void readersBesideARunThatRewritesEveryStepAlwaysFindWholeCheckpoints() throws Exception {
        Path checkpoints = dir.resolve("rewritten");
        Path latest = checkpoints.resolve("latest.ckpt"), best = checkpoints.resolve("best.ckpt");
        Path text = dir.resolve("held.txt");
        Files.writeString(text, "the lazy dog jumps over the quick brown fox\n");
        try (RnnProcess run = new RnnProcess(dir.resolve("out"), RnnProcess.tinyTraining(dir, checkpoints, "--hidden", "64",
                "--checkpoint-every", "1", "--eval-every", "1"))) {
            run.awaitLine("lstm"); // the run holds its directory and has not trained a step
            Cli.Result early = Cli.run("sample", "-c", latest.toString(), "--length", "5", "--seed", "1", "-q");
            if (!Files.exists(latest)) { // (a fast run may have saved already; then the read below covers it)
                assertEquals(75, early.exitCode(), early.toString());
                assertEquals("rnn: " + latest + ": not written yet: the training run writing " + checkpoints + " (process "
                        + run.pid() + ") has not saved it; try again after its first validation (or --checkpoint-every step)\n",
                        early.err());
            }
            run.awaitLine("step 2");
            int reads = 0;
            long end = System.nanoTime() + 6_000_000_000L;
            while (System.nanoTime() < end) {
                for (String[] reader : new String[][] {
                        {"sample", "-c", latest.toString(), "--length", "5", "--seed", "1", "-q"},
                        {"sample", "-c", best.toString(), "--length", "5", "--seed", "1", "-q"},
                        {"eval", "-c", checkpoints.toString(), text.toString()},
                        {"info", latest.toString()}}) {
                    Cli.Result result = Cli.run(reader);
                    assertEquals(0, result.exitCode(), String.join(" ", reader) + ": " + result);
                    reads++;
                }
                CheckpointFile.read(latest); // every byte and every tensor, Adam's moments too
            }
            assertTrue(run.isAlive(), "the run rewrote its checkpoints the whole time:\n" + run.err());
            long step = CheckpointFile.read(latest).manifest().progress().step();
            assertTrue(reads >= 20 && step >= 10, reads + " reads while the run went to step " + step);
            run.signal("TERM");
            assertEquals(143, run.waitForExit(), run.err());
        }
    }

    @Test
    void aRunKilledWithKillMinus9LeavesNoLockBehind() throws Exception {
        Path checkpoints = dir.resolve("killed");
        try (RnnProcess run = new RnnProcess(dir.resolve("out"), train(checkpoints))) {
            run.awaitLine("step 7");
            run.signal("KILL");
            assertEquals(137, run.waitForExit());
        }
        assertTrue(Files.exists(checkpoints.resolve(".train.lock")), "the lock file stays; the kernel's lock went with the process");
        Cli.Result resumed = Cli.run(train(checkpoints, "--quiet", "--max-steps", "8", "--resume",
                checkpoints.resolve("latest.ckpt").toString()));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals(8, CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().progress().step());
        assertFalse(resumed.err().contains("another"), resumed.err());
    }
}
