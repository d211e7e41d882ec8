package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.CheckpointFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 24, item 1, through the real process: a list of names in, whole names out. */
class RecordsModeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aModelOfRecordsWritesWholeRecords() throws Exception {
        String[] syllables = {"an", "bel", "cor", "da", "el", "fin", "gar", "hel", "is", "jo", "ka", "lin", "mar"};
        Random random = new Random(1);
        Set<String> names = new TreeSet<>();
        while (names.size() < 1500) {
            StringBuilder name = new StringBuilder();
            for (int s = 2 + random.nextInt(2); s > 0; s--) {
                name.append(syllables[random.nextInt(syllables.length)]);
            }
            names.add(Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
        Files.write(dir.resolve("names.txt"), new ArrayList<>(names));
        ChildRnn.Result trained = ChildRnn.run(dir, "train", "names.txt", "--records", "line", "--layers", "1", "--hidden", "48",
                "--batch", "16", "--seq-len", "32", "--lr", "0.01", "--max-steps", "400", "--eval-every", "100",
                "--checkpoint-dir", "run", "--quiet");
        assertEquals(0, trained.exitCode(), trained.toString());
        assertEquals("line", CheckpointFile.readManifest(dir.resolve("run/latest.ckpt")).text().records());
        assertTrue(ChildRnn.run(dir, "info", "run").out().contains("records: one per line"));

        ChildRnn.Result sampled = ChildRnn.run(dir, "sample", "-c", "run", "--num-samples", "20", "--json", "--seed", "3", "--length", "60");
        assertEquals(0, sampled.exitCode(), sampled.toString());
        List<String> samples = new ArrayList<>();
        for (String line : sampled.out().lines().toList()) {
            samples.add(JSON.readTree(line).get("text").asText());
        }
        assertEquals(20, samples.size());
        int wellFormed = 0;
        for (String name : samples) {
            assertTrue(!name.contains("\n") && name.codePoints().noneMatch(c -> c == 0xFFFF), "one record, no symbol: " + name);
            wellFormed += name.matches("[A-Z][a-z]{3,12}") ? 1 : 0;
        }
        assertTrue(wellFormed >= 15, "names that end where names end: " + samples);

        ChildRnn.Result primed = ChildRnn.run(dir, "sample", "-c", "run", "--prime", "Mar", "--seed", "1", "--length", "60");
        assertTrue(primed.out().startsWith("Mar") && primed.out().strip().matches("Mar[a-z]*"), "the prime starts a record: " + primed.out());

        Files.writeString(dir.resolve("one.txt"), "Mar"); // one record, no line break: its start and end are both added
        ChildRnn.Result one = ChildRnn.run(dir, "eval", "-c", "run", "one.txt", "--json");
        assertEquals(4, JSON.readTree(one.out()).get("chars").asInt(), one.toString()); // M, a, r and the end
        ChildRnn.Result scored = ChildRnn.run(dir, "eval", "-c", "run", "names.txt", "--json");
        JsonNode score = JSON.readTree(scored.out());
        assertTrue(score.get("bpc").asDouble() < 3.0, scored.out());
        // Per line, a line is the record it was trained as: from the end symbol, to its end, nothing out of vocabulary.
        ChildRnn.Result lines = ChildRnn.run(dir, "eval", "-c", "run", "--per-line", "names.txt");
        JsonNode first = JSON.readTree(lines.out().lines().findFirst().orElseThrow());
        String firstName = names.iterator().next();
        assertEquals(firstName.length() + 1, first.get("chars").asInt(), lines.out());
        assertEquals(0, first.get("oov").asInt());

        ChildRnn.Result refused = ChildRnn.run(dir, "train", "names.txt", "--resume", "run/latest.ckpt", "--records", "paragraph");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--records paragraph (checkpoint: line) differs"), refused.err());
    }

    /** Paragraph records on 300 KB of the shipped ci corpus (a poem a record): trains, and samples whole poems. */
    @Test
    void paragraphRecordsOnAFewHundredKilobytesOfPoems() throws Exception {
        String songci = Files.readString(Path.of("corpora", "songci.txt"));
        String slice = songci.substring(0, songci.indexOf("\n\n", 100_000) + 2); // whole poems, ~300 KB of UTF-8
        Files.writeString(dir.resolve("ci.txt"), slice);
        assertTrue(Files.size(dir.resolve("ci.txt")) > 250_000);
        ChildRnn.Result trained = ChildRnn.run(dir, "train", "ci.txt", "--records", "paragraph", "--layers", "1", "--hidden", "32",
                "--embed", "16", "--batch", "16", "--seq-len", "64", "--max-steps", "60", "--eval-every", "60",
                "--checkpoint-dir", "ci", "--quiet");
        assertEquals(0, trained.exitCode(), trained.toString());
        var text = CheckpointFile.readManifest(dir.resolve("ci/latest.ckpt")).text();
        assertEquals("paragraph", text.records());
        assertTrue(text.trainingChars() < text.chars(), "whole poems held out");

        ChildRnn.Result sampled = ChildRnn.run(dir, "sample", "-c", "ci", "--num-samples", "5", "--json", "--seed", "2", "--length", "2000");
        assertEquals(0, sampled.exitCode(), sampled.toString());
        List<String> poems = new ArrayList<>();
        for (String line : sampled.out().lines().toList()) {
            poems.add(JSON.readTree(line).get("text").asText());
        }
        assertEquals(5, poems.size());
        for (String poem : poems) {
            assertTrue(poem.codePoints().noneMatch(c -> c == 0xFFFF) && !poem.contains("\n\n"), "one poem, no symbol: " + poem);
            assertTrue(poem.codePointCount(0, poem.length()) < 2000, "ended where the model ended it: " + poem.length());
        }
    }
}
