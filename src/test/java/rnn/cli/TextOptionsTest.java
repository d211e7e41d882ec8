package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import rnn.checkpoint.CheckpointFile;
import rnn.checkpoint.Manifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 24, items 3, 4 and 7, through the real process: per-line scores, real validation, unknown characters, summaries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINE = "the quick brown fox jumps over the lazy dog\n";

    Path dir;
    ChildRnn.Result training;

    @BeforeAll
    void trainOnALearnableText(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Files.writeString(dir.resolve("c.txt"), LINE.repeat(100));
        training = ChildRnn.run(dir, "train", "c.txt", "--layers", "1", "--hidden", "32", "--embed", "8", "--batch", "8",
                "--seq-len", "32", "--lr", "0.01", "--max-steps", "150", "--epochs", "0", "--eval-every", "50",
                "--checkpoint-dir", "run", "--threads", "1", "--json", "--quiet");
    }

    @Test
    void trainJsonSummarisesTheRunAndInfoShowsBoundsAndVocabulary() throws Exception {
        assertEquals(0, training.exitCode(), training.toString());
        JsonNode summary = JSON.readTree(training.out());
        assertEquals("--max-steps 150", summary.get("stoppedBy").asText());
        assertEquals(150, summary.get("step").asLong());
        assertTrue(summary.get("bestValLoss").asDouble() > 0 && summary.get("bestValBpc").asDouble() > summary.get("bestValLoss").asDouble());
        assertEquals(Path.of("run", "best.ckpt").toString(), summary.get("best").asText());
        assertEquals(1, training.out().lines().count(), "one object");

        JsonNode info = JSON.readTree(ChildRnn.run(dir, "info", "run", "--json", "--vocab").out());
        assertEquals(150, info.get("bounds").get("maxSteps").asLong());
        assertEquals(0, info.get("bounds").get("epochs").asLong());
        assertTrue(info.get("bounds").get("maxTimeSeconds").isNull());
        assertEquals(28, info.get("vocabulary").size()); // 26 letters, space, newline
        assertEquals("\n", info.get("vocabulary").get(0).asText());
        String text = ChildRnn.run(dir, "info", "run", "--vocab").out();
        assertTrue(text.contains("bounds          --max-steps 150"), text);
        assertTrue(text.contains("       0  (U+000A)") && text.contains("'z' (U+007A)"), text);
    }

    @Test
    void perLineScoresRankAnUnusualLineWorse() throws Exception {
        Path lines = Files.writeString(dir.resolve("lines.txt"), LINE + "xqzj vvkw pyq\n" + LINE);
        ChildRnn.Result scored = ChildRnn.run(dir, "eval", "-c", "run", "--per-line", lines.toString());
        assertEquals(0, scored.exitCode(), scored.toString());
        List<JsonNode> rows = scored.out().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(3, rows.size(), scored.out());
        assertEquals(List.of(1, 2, 3), rows.stream().map(r -> r.get("line").asInt()).toList());
        assertEquals(LINE.length(), rows.get(0).get("chars").asInt(), "every character and the line break, from a fresh start");
        assertTrue(rows.get(1).get("bpc").asDouble() > 2 * rows.get(0).get("bpc").asDouble(), scored.out());
        assertEquals(rows.get(0).get("loss").asDouble(), rows.get(2).get("loss").asDouble(), 1e-12,
                "fresh state: a line scores the same wherever it stands");
        ChildRnn.Result carried = ChildRnn.run(dir, "eval", "-c", "run", "--per-line", "--carry-state", lines.toString());
        List<String> carriedRows = carried.out().lines().toList();
        assertEquals(rows.get(0).toString(), carriedRows.get(0), "the first line starts afresh either way");
        assertFalse(rows.get(2).toString().equals(carriedRows.get(2)), "the third line now follows the odd one");
    }

    @Test
    void unknownCharactersAreAnErrorOrSkippedAsAsked() throws Exception {
        ChildRnn.Result refused = ChildRnn.run(dir, "sample", "-c", "run", "--prime", "the Ω fox", "--length", "5");
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("--prime has characters the model never saw: 'Ω' (U+03A9)") && refused.err().contains("--unknown skip"),
                refused.err());
        ChildRnn.Result skipped = ChildRnn.run(dir, "sample", "-c", "run", "--prime", "the Ω fox", "--unknown", "skip", "--length", "5",
                "--seed", "1");
        assertEquals(0, skipped.exitCode(), skipped.toString());
        assertTrue(skipped.out().startsWith("the  fox"), skipped.out());
        assertEquals("rnn: --unknown skip: left 1 character the model never saw out of --prime: 'Ω' (U+03A9)\n", skipped.err());

        Path odd = Files.writeString(dir.resolve("odd.txt"), "the fox Ω\n");
        ChildRnn.Result counted = ChildRnn.run(dir, "eval", "-c", "run", odd.toString(), "--json");
        assertEquals(1, JSON.readTree(counted.out()).get("oov").asInt());
        ChildRnn.Result strict = ChildRnn.run(dir, "eval", "-c", "run", odd.toString(), "--unknown", "error");
        assertEquals(2, strict.exitCode());
        assertTrue(strict.err().startsWith("rnn: the text has characters the model never saw: 'Ω' (U+03A9)"), strict.err());
    }

    @Test
    void validationComesFromEachFileOrItsOwnFileAndADirectoryIsItsFiles() throws Exception {
        Path texts = Files.createDirectories(dir.resolve("texts"));
        Files.writeString(texts.resolve("b.txt"), LINE.repeat(30));
        Files.writeString(texts.resolve("a.txt"), LINE.repeat(20));
        Files.writeString(texts.resolve(".hidden.txt"), "not this");
        ChildRnn.Result fromDirectory = ChildRnn.run(dir, "train", "texts", "--layers", "1", "--hidden", "8", "--batch", "4",
                "--seq-len", "16", "--max-steps", "2", "--checkpoint-dir", "dirrun");
        assertEquals(0, fromDirectory.exitCode(), fromDirectory.toString());
        assertTrue(fromDirectory.err().contains("corpus: texts holds 2 files, trained on in this order: a.txt, b.txt"), fromDirectory.err());
        Manifest manifest = CheckpointFile.readManifest(dir.resolve("dirrun/latest.ckpt"));
        assertEquals(List.of(Path.of("texts/a.txt").toString(), Path.of("texts/b.txt").toString()), manifest.text().files());
        long expectedTraining = (20 * LINE.length() - Math.round(20 * LINE.length() * 0.1)) + (30 * LINE.length() - Math.round(30 * LINE.length() * 0.1));
        assertEquals(expectedTraining, manifest.text().trainingChars(), "each file's last tenth held out");

        Files.writeString(dir.resolve("held.txt"), LINE.repeat(10));
        ChildRnn.Result withFile = ChildRnn.run(dir, "train", "c.txt", "--val-file", "held.txt", "--layers", "1", "--hidden", "8",
                "--batch", "4", "--seq-len", "16", "--max-steps", "2", "--checkpoint-dir", "valrun");
        assertEquals(0, withFile.exitCode(), withFile.toString());
        Manifest validated = CheckpointFile.readManifest(dir.resolve("valrun/latest.ckpt"));
        assertEquals(List.of("held.txt"), validated.text().validationFiles());
        assertEquals(100L * LINE.length(), validated.text().trainingChars(), "all of the corpus trains");
        ChildRnn.Result resumedWithout = ChildRnn.run(dir, "train", "c.txt", "--resume", "valrun/latest.ckpt", "--max-steps", "4");
        assertEquals(2, resumedWithout.exitCode());
        assertTrue(resumedWithout.err().contains("the run validated on --val-file held.txt; give it again to resume"), resumedWithout.err());
        assertEquals(0, ChildRnn.run(dir, "train", "c.txt", "--resume", "valrun/latest.ckpt", "--val-file", "held.txt", "--max-steps", "4")
                .exitCode());

        ChildRnn.Result twice = ChildRnn.run(dir, "train", "c.txt", "./c.txt", "--checkpoint-dir", "twice");
        assertEquals(2, twice.exitCode());
        assertEquals("rnn: ./c.txt is given twice (also as c.txt); give each file once\n", twice.err());
        ChildRnn.Result same = ChildRnn.run(dir, "train", "c.txt", "--val-file", "c.txt", "--checkpoint-dir", "same");
        assertEquals("rnn: --val-file c.txt is also a corpus file (c.txt): validation would not be held out\n", same.err());
        ChildRnn.Result both = ChildRnn.run(dir, "train", "c.txt", "--val-file", "held.txt", "--val-frac", "0.2", "--checkpoint-dir", "both");
        assertTrue(both.err().contains("give either --val-frac"), both.err());
    }

    /** Item 6: a new run of the default model on 4 KB of text is told it is far too large, with a size to try; a resume is not. */
    @Test
    void aModelFarLargerThanItsTextIsToldSo() throws Exception {
        ChildRnn.Result run = ChildRnn.run(dir, "train", "c.txt", "--batch", "4", "--seq-len", "16", "--max-steps", "1",
                "--checkpoint-dir", "big");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("advice: 863,004 parameters for 3,904 training characters (221 per character)") && l.contains("is far more than this text supports")
                && l.contains("try --hidden 32")), run.err());
        ChildRnn.Result resumed = ChildRnn.run(dir, "train", "c.txt", "--resume", "big/latest.ckpt", "--max-steps", "2");
        assertFalse(resumed.err().contains("advice:"), resumed.err());
        assertFalse(training.err().contains("advice:"), "1x32 on this text needs none: " + training.err());
    }
}
