package rnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's CI example, run as a script with a tiny model: the gate passes, then fails. */
class ExampleScriptTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run script(String maxBpc, boolean heldOutGiven) throws Exception {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), "all the world's a stage\n".repeat(200));
        Path heldOut = Files.writeString(dir.resolve("held.txt"), "all the world's a stage\n".repeat(20));
        ProcessBuilder builder = heldOutGiven
                ? new ProcessBuilder("bash", Path.of("examples", "train-gate-sample.sh").toString(), corpus.toString(), heldOut.toString())
                : new ProcessBuilder("bash", Path.of("examples", "train-gate-sample.sh").toString(), corpus.toString());
        builder.environment().put("RNN", Path.of("rnn").toAbsolutePath().toString()); // the launcher, on the test classes
        builder.environment().put("RNN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("MAX_BPC", maxBpc);
        builder.environment().put("BUDGET", "60s");
        builder.environment().put("TRAIN_FLAGS", "--layers 1 --hidden 32 --batch 4 --seq-len 24 --max-steps 80 --eval-every 40");
        Process process = builder.start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the example finishes");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void passingGateEndsWithASample() throws Exception {
        Run run = script("4.0", false);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("trained \"step\":80"), run.err());
        assertTrue(run.out().length() > 300, "a 300-character sample on stdout: " + run.out());
    }

    @Test
    void failingGateFailsTheJob() throws Exception {
        Run run = script("0.01", true);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("quality gate failed"), run.err());
        assertEquals("", run.out());
    }

    /** Issue 23, item 16: the README shows the script itself, so what a reader copies is what the suite runs. */
    @Test
    void theReadmeShowsTheScriptLineForLine() throws Exception {
        String script = Files.readString(Path.of("examples", "train-gate-sample.sh"));
        String body = script.substring(script.indexOf("set -euo pipefail"));
        assertTrue(Files.readString(Path.of("README.md")).contains("```bash\n" + body + "```"), "README's copy differs");
        assertTrue(body.contains("elif [ \"$status\" -ne 0 ]"), "an eval that fails (exit 2) fails the job");
    }

    /** An eval that fails for another reason than the gate (here a missing held-out file) fails the job with its code. */
    @Test
    void anEvalFailureFailsTheJob() throws Exception {
        Files.writeString(dir.resolve("corpus.txt"), "all the world's a stage\n".repeat(200));
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("examples", "train-gate-sample.sh").toString(),
                dir.resolve("corpus.txt").toString(), dir.resolve("missing.txt").toString());
        builder.environment().put("RNN", Path.of("rnn").toAbsolutePath().toString());
        builder.environment().put("RNN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TRAIN_FLAGS", "--layers 1 --hidden 16 --batch 4 --seq-len 24 --max-steps 10 --eval-every 10");
        Process process = builder.start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
