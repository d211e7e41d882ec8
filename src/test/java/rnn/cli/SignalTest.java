package rnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.CheckpointFile;
import rnn.config.LrSchedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real signals to real training processes: nothing is lost, nothing is torn. */
class SignalTest {
    @TempDir
    Path dir;

    private String[] train(Path checkpoints, String... extra) throws Exception {
        return RnnProcess.tinyTraining(dir, checkpoints, extra);
    }

    @Test
    void ctrlCSavesLatestAndExits130() throws Exception {
        Path checkpoints = dir.resolve("int");
        try (RnnProcess rnn = new RnnProcess(dir.resolve("out"), train(checkpoints, "--hidden", "32"))) {
            rnn.awaitLine("step 3");
            rnn.signal("INT");
            assertEquals(130, rnn.waitForExit(), rnn.err());
            assertTrue(rnn.err().contains("interrupted at step"), rnn.err());
            assertTrue(rnn.err().contains("the learning rate stays constant"), "a run to Ctrl-C has no end to decay to");
        }
        assertEquals("", Files.readString(dir.resolve("out")));
        assertTrue(CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().progress().step() >= 3);
        assertEquals(LrSchedule.CONSTANT, CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().training().schedule());
        assertTrue(Files.size(checkpoints.resolve("metrics.jsonl")) > 0);
    }

    @Test
    void sigtermSavesLatestAndExits143() throws Exception {
        Path checkpoints = dir.resolve("term");
        try (RnnProcess rnn = new RnnProcess(dir.resolve("out"), train(checkpoints, "--hidden", "32"))) {
            rnn.awaitLine("step 3");
            rnn.signal("TERM");
            assertEquals(143, rnn.waitForExit(), rnn.err());
        }
        assertTrue(CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().progress().step() >= 3);
    }

    @Test
    void hangUpSavesLatestAndExits129() throws Exception {
        Path checkpoints = dir.resolve("hup");
        try (RnnProcess rnn = new RnnProcess(dir.resolve("out"), train(checkpoints, "--hidden", "32"))) {
            rnn.awaitLine("step 3");
            rnn.signal("HUP"); // an SSH session that drops
            assertEquals(129, rnn.waitForExit(), rnn.err());
            assertTrue(rnn.err().contains("SIGHUP") && rnn.err().contains("interrupted at step"), rnn.err());
        }
        assertTrue(CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().progress().step() >= 3);
    }

    @Test
    void underNohupAHangUpIsIgnoredAsAsked() throws Exception {
        Path checkpoints = dir.resolve("nohup");
        try (RnnProcess rnn = RnnProcess.underNohup(dir.resolve("out"), train(checkpoints, "--hidden", "32"))) {
            rnn.awaitLine("step 3");
            rnn.signal("HUP");
            rnn.awaitLine("step 40"); // still training
            rnn.signal("TERM");
            assertEquals(143, rnn.waitForExit(), rnn.err());
            assertFalse(rnn.err().contains("SIGHUP"), rnn.err());
        }
    }

    @Test
    void twoSignalsInOneBurstAreOneRequestAndTheSaveHappens() throws Exception {
        Path checkpoints = dir.resolve("burst");
        // As `timeout -s INT` does (the child, then its process group): two signals 50 ms apart, and
        // SIGTERM with SIGHUP as a supervisor may send them.
        for (String[] pair : new String[][] {{"INT", "INT"}, {"TERM", "HUP"}}) {
            // Steps of ~0.1 s or more, so that the run is still going when the second signal comes.
            String[] args = Files.exists(checkpoints.resolve("latest.ckpt"))
                    ? train(checkpoints, "--resume", checkpoints.resolve("latest.ckpt").toString())
                    : train(checkpoints, "--hidden", "1024");
            try (RnnProcess rnn = new RnnProcess(dir.resolve("out"), args)) {
                rnn.awaitLine("step " + (step(checkpoints) + 3));
                rnn.signal(pair[0]);
                Thread.sleep(50);
                rnn.signal(pair[1]);
                assertEquals(pair[0].equals("INT") ? 130 : 143, rnn.waitForExit(), rnn.err());
                assertFalse(rnn.err().contains("stopped at once"), rnn.err());
                long interruptedAt = Long.parseLong(rnn.err().replaceAll("(?s).*interrupted at step (\\d+).*", "$1"));
                assertEquals(interruptedAt, step(checkpoints), "latest.ckpt holds the step the run stopped at");
            }
        }
    }

    private static long step(Path checkpoints) {
        return Files.exists(checkpoints.resolve("latest.ckpt"))
                ? CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().progress().step() : 0;
    }

    @Test
    void aSignalAfterTheBurstWindowExitsAtOnceAndLeavesCheckpointsWhole() throws Exception {
        Path checkpoints = dir.resolve("twice");
        // Steps of seconds and no save between them: the second signal, 1.2 s after the first, finds the run
        // still in the step the first one asked it to finish.
        String[] args = RnnProcess.tinyTraining(dir, checkpoints, "--hidden", "1536"); // ~3 s a step on 2 cores
        for (int i = 1; i < args.length; i++) {
            if (args[i - 1].equals("--batch")) {
                args[i] = "64";
            } else if (args[i - 1].equals("--seq-len")) {
                args[i] = "150";
            }
        }
        try (RnnProcess rnn = new RnnProcess(dir.resolve("out"), args)) {
            rnn.awaitLine("lstm"); // the run's first line, just before its first step (over 10 s at this size on 2 cores)
            Thread.sleep(500);     // inside that step
            rnn.signal("INT");
            // The window counts from when the JVM ran the first handler, which a busy JVM may run late: wait for
            // its message, then well past the window.
            rnn.awaitLine("rnn: stopping after this step");
            Thread.sleep(Interrupts.BURST.toMillis() + 500);
            rnn.signal("INT");
            assertEquals(130, rnn.waitForExit(), rnn.err());
            assertTrue(rnn.err().contains("stopped at once"), rnn.err());
        }
        if (Files.exists(checkpoints.resolve("latest.ckpt"))) {
            CheckpointFile.read(checkpoints.resolve("latest.ckpt")); // whole, or this throws
        }
    }

    @Test
    void killMinus9AtAnyMomentLeavesOldOrNewCompleteCheckpoints() throws Exception {
        Path checkpoints = dir.resolve("kill");
        Random random = new Random(9);
        long lastStep = 0;
        for (int round = 0; round < 4; round++) {
            String[] args = round == 0 ? train(checkpoints, "--hidden", "256", "--checkpoint-every", "1", "--eval-every", "2")
                    : train(checkpoints, "--checkpoint-every", "1", "--eval-every", "2",
                            "--resume", checkpoints.resolve("latest.ckpt").toString());
            try (RnnProcess rnn = new RnnProcess(dir.resolve("out"), args)) {
                rnn.awaitLine("step " + (lastStep + 2));
                Thread.sleep(random.nextInt(400)); // somewhere in a step or a write
                rnn.signal("KILL");
                assertEquals(137, rnn.waitForExit());
            }
            long latest = CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().progress().step();
            if (Files.exists(checkpoints.resolve("best.ckpt"))) {
                CheckpointFile.read(checkpoints.resolve("best.ckpt")); // whole, or this throws
            }
            assertTrue(latest >= lastStep + 1, "round " + round + ": latest at step " + latest);
            lastStep = latest;
        }
    }
}
