package rnn.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 100 MB corpus loads and batches in memory near its own size: a child JVM whose heap is capped at
 * 1.6x the file loads it, reads every batch of an epoch, and keeps under 1.2x. Before the ids were
 * packed and the files read in chunks, loading took about 9x the file (code points and ids as int[]).
 * How long it takes is measured by bench/probe corpus, not asserted here.
 */
class LargeCorpusTest {
    private static final int MEGABYTES = 100;

    @TempDir
    Path dir;

    @Test
    void hundredMegabytesLoadWithinAboutTheirOwnSize() throws Exception {
        byte[] shakespeare = Files.readAllBytes(Path.of("corpora", "tinyshakespeare.txt"));
        Path big = dir.resolve("big.txt");
        long characters = 0;
        try (OutputStream out = Files.newOutputStream(big)) {
            while (characters < MEGABYTES * 1_000_000L) {
                out.write(shakespeare);
                characters += shakespeare.length; // ASCII: one character per byte
            }
            byte[] unicode = "Ünïcödé 🙂\n".getBytes(StandardCharsets.UTF_8);
            out.write(unicode);
            characters += "Ünïcödé 🙂\n".codePointCount(0, "Ünïcödé 🙂\n".length());
        }
        long fileMb = Files.size(big) >> 20;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (fileMb * 16 / 10) + "m", "-cp", System.getProperty("java.class.path"), "rnn.bench.CorpusLoad",
                big.toString()).redirectErrorStream(true).start();
        List<String> output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), () -> "the load failed within a heap of 1.6x the file:\n" + String.join("\n", output));
        String[] last = output.get(output.size() - 1).split(" ");
        assertEquals(characters, Long.parseLong(last[0]), "every character loaded, the emoji as one");
        long heapMb = Long.parseLong(last[1]);
        assertTrue(heapMb < fileMb * 1.2, "the loaded corpus keeps " + heapMb + " MB of heap for a " + fileMb + " MB file");
    }
}
