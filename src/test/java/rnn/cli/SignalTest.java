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
    void secondCtrlCExitsAtOnceAndLeavesCheckpointsWhole() throws Exception {
        Path checkpoints = dir.resolve("twice");
        // A larger model, saved every step, so that the second signal is likely to land mid-write.
        try (RnnProcess rnn = new RnnProcess(dir.resolve("out"), train(checkpoints, "--hidden", "256", "--checkpoint-every", "1"))) {
            rnn.awaitLine("step 2");
            rnn.signal("INT");
            rnn.signal("INT");
            assertEquals(130, rnn.waitForExit(), rnn.err());
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
