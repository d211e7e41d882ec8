package rnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.CheckpointFile;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real SIGINT to a real training process: it saves latest.ckpt and exits 130. */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCSavesLatestAndExits130() throws Exception {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(300));
        Path checkpoints = dir.resolve("ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "rnn.cli.Main", "train", corpus.toString(), "--hidden", "32", "--layers", "1", "--batch", "4",
                "--seq-len", "20", "--epochs", "0", "--print-every", "1", "--checkpoint-dir", checkpoints.toString(),
                "--threads", "1"))
                .redirectOutput(dir.resolve("stdout").toFile())
                .start();
        StringBuilder err = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                err.append(line).append('\n');
                if (line.startsWith("step 3")) {
                    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                    break;
                }
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "training stops after the signal");
            lines.lines().forEach(rest -> err.append(rest).append('\n'));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(130, process.exitValue(), err.toString());
        assertTrue(err.toString().contains("interrupted at step"), err.toString());
        assertEquals("", Files.readString(dir.resolve("stdout")));
        long step = CheckpointFile.read(checkpoints.resolve("latest.ckpt")).manifest().progress().step();
        assertTrue(step >= 3, "saved at the step it stopped: " + step);
        try (var files = Files.list(checkpoints)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
        assertTrue(new File(checkpoints.toFile(), "metrics.jsonl").length() > 0);
    }
}
