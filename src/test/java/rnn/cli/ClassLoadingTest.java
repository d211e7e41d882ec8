package rnn.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sample, eval and info start without ND4J (its natives take seconds to load): the classes a real run
 * loads, from the JVM's own log, hold nothing of org.nd4j or org.bytedeco.
 */
class ClassLoadingTest {
    private static final Path FIXTURE = Path.of("src/test/resources/checkpoints/format-v2-gru.ckpt");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sample", "eval", "info"})
    void loadsNoNd4jClass(String command) throws Exception {
        Path log = dir.resolve("classes.log");
        Path text = Files.writeString(dir.resolve("text.txt"), "Shall I compare thee to a summer's day?\n");
        String[] args = switch (command) {
            case "sample" -> new String[] {"sample", "-c", FIXTURE.toString(), "--length", "50", "--seed", "1"};
            case "eval" -> new String[] {"eval", text.toString(), "-c", FIXTURE.toString()};
            default -> new String[] {"info", FIXTURE.toString()};
        };
        try (RnnProcess rnn = new RnnProcess(List.of("-Xlog:class+load=info:file=" + log), dir.resolve("out"), args)) {
            assertEquals(0, rnn.waitForExit(), rnn.err());
        }
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(line -> line.contains("rnn.checkpoint.CheckpointFile")), "the log lists our classes");
        assertEquals(List.of(), loaded.stream().filter(line -> line.contains("org.nd4j") || line.contains("org.bytedeco")).toList());
    }
}
