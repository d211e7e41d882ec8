package rnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ./rnn launcher as users run it (on the test class path, through RNN_CLASSPATH): the Vector API is
 * on for train and for sample --num-samples, and then the JDK's one warning line is all it adds to
 * stderr; elsewhere stderr has no such line. Stdout carries only the product either way.
 */
class LauncherTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    static Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run rnn(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("rnn").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("RNN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "rnn finishes");
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theVectorApiIsOnWhereItPaysAndOnlyThereTheJdkSaysSo() throws Exception {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), "to be or not to be\n".repeat(100));
        Path checkpoints = dir.resolve("ck");
        Run train = rnn("train", corpus.toString(), "--hidden", "8", "--batch", "2", "--seq-len", "8", "--max-steps", "3",
                "--checkpoint-dir", checkpoints.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("", train.out());
        assertEquals(WARNING, train.err().lines().findFirst().orElse(""));
        assertEquals(1, train.err().lines().filter(WARNING::equals).count());

        String checkpoint = checkpoints.resolve("latest.ckpt").toString();
        Run one = rnn("sample", "-c", checkpoint, "--length", "20", "--seed", "1");
        assertEquals(0, one.exitCode(), one.err());
        assertEquals("", one.err(), "one stream: the module stays off, stderr stays empty");
        assertTrue(one.out().length() > 20, one.out());

        Run several = rnn("sample", "-c", checkpoint, "--length", "20", "--seed", "1", "--num-samples", "4");
        assertEquals(0, several.exitCode(), several.err());
        assertEquals(WARNING + "\n", several.err());
        assertEquals(4, several.out().split("\n\n").length, several.out());

        Run eval = rnn("eval", corpus.toString(), "-c", checkpoint, "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals("", eval.err());
        assertTrue(eval.out().startsWith("{") && eval.out().strip().endsWith("}"), eval.out());
    }
}
