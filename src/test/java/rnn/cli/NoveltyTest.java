package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 24, item 2, through the real process on 300 KB of Shakespeare: is it copying? */
class NoveltyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void samplesAreMeasuredAgainstTheTrainingTextAndDrawnAgainWhenTheyCopy() throws Exception {
        String shakespeare = Files.readString(Path.of("corpora", "tinyshakespeare.txt"));
        Files.writeString(dir.resolve("c.txt"), shakespeare.substring(0, 300_000));
        ChildRnn.Result trained = ChildRnn.run(dir, "train", "c.txt", "--layers", "1", "--hidden", "64", "--batch", "16",
                "--seq-len", "64", "--max-steps", "60", "--eval-every", "60", "--checkpoint-dir", "run", "--quiet");
        assertEquals(0, trained.exitCode(), trained.toString());

        ChildRnn.Result measured = ChildRnn.run(dir, "sample", "-c", "run", "--novelty", "--json", "--num-samples", "3",
                "--length", "200", "--seed", "4", "--copy-span", "6");
        assertEquals(0, measured.exitCode(), measured.toString());
        assertTrue(measured.err().contains("indexed 270,000 characters of training text"), measured.err()); // the last tenth held out
        int samples = 0;
        for (String line : measured.out().lines().toList()) {
            JsonNode sample = JSON.readTree(line);
            int longest = sample.get("longestCopy").asInt();
            assertTrue(longest >= 1 && shakespeare.contains(sample.get("longestCopyText").asText()), line);
            assertEquals(longest, sample.get("longestCopyText").asText().codePointCount(0, sample.get("longestCopyText").asText().length()));
            double share = sample.get("copiedShare").asDouble();
            assertTrue(share >= 0 && share <= 1 && (longest >= 6) == (share > 0), line);
            assertEquals(6, sample.get("copySpan").asInt());
            samples++;
        }
        assertEquals(3, samples);
        try (var files = Files.list(dir.resolve("run"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".sa")), "the index is cached");
        }

        // Every sample of an undertrained model repeats a few characters of the text: a limit of 2 cannot be met.
        ChildRnn.Result limited = ChildRnn.run(dir, "sample", "-c", "run", "--max-copy", "2", "--length", "100", "--seed", "4");
        assertEquals(0, limited.exitCode(), limited.toString());
        assertTrue(limited.err().contains("(--max-copy 2); drawn again with seed 5 (try 2 of 10)"), limited.err());
        assertTrue(limited.err().contains("still holds a span of"), limited.err());
        assertTrue(limited.out().length() >= 100, limited.out());

        // Another text, named: and the checkpoint's own corpus, changed since, is refused.
        Files.writeString(dir.resolve("other.txt"), "completely different words here\n".repeat(50));
        ChildRnn.Result other = ChildRnn.run(dir, "sample", "-c", "run", "--novelty", "other.txt", "--json", "--length", "50", "--seed", "1");
        assertEquals(0, other.exitCode(), other.toString());
        Files.writeString(dir.resolve("c.txt"), "changed");
        ChildRnn.Result changed = ChildRnn.run(dir, "sample", "-c", "run", "--novelty", "--length", "10");
        assertEquals(2, changed.exitCode());
        assertTrue(changed.err().contains("has changed since the model was trained on it; give the training text with --novelty FILE"), changed.err());
    }
}
