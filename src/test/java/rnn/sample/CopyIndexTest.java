package rnn.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.text.Corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --novelty's index against the definition: the longest span at each position, found by a plain search. */
class CopyIndexTest {
    @TempDir
    Path dir;

    @Test
    void findsTheLongestVerbatimSpanAtEveryPositionAndCachesTheIndex() throws Exception {
        String training = "to be or not to be, that is the question\nwhether 'tis nobler in the mind to suffer\n";
        Path corpus = Files.writeString(dir.resolve("c.txt"), training);
        List<String> said = new ArrayList<>();
        CopyIndex index = CopyIndex.of(Corpus.load(List.of(corpus), null, Corpus.Holdout.eachFile(0)), dir, said::add);
        assertTrue(said.get(0).startsWith("indexed 83 characters"), said.toString());

        String sample = "whether to be or not, that is the mind of the question Ω to suffer";
        rnn.text.Vocabulary vocabulary = Corpus.load(List.of(corpus), null, Corpus.Holdout.eachFile(0)).vocabulary();
        int[] ids = sample.codePoints().map(vocabulary::idOf).toArray(); // Ω: -1, not in the text
        int[] lengths = index.matchLengths(ids);
        for (int i = 0; i < sample.length(); i++) {
            int expected = 0;
            while (i + expected < sample.length() && training.contains(sample.substring(i, i + expected + 1))) {
                expected++;
            }
            assertEquals(expected, lengths[i], "at " + i + ": " + sample.substring(i));
        }

        CopyIndex.Copying copying = index.measure(sample, 10);
        assertEquals(", that is the ", copying.longest());
        int longest = 0;
        for (int length : lengths) {
            longest = Math.max(longest, length);
        }
        assertEquals(longest, copying.longestSpan());
        assertTrue(copying.copiedShare() > 0 && copying.copiedShare() < 1, String.valueOf(copying.copiedShare()));

        // A second index of the same text maps the cached file and answers the same.
        said.clear();
        CopyIndex cached = CopyIndex.of(Corpus.load(List.of(corpus), null, Corpus.Holdout.eachFile(0)), dir, said::add);
        assertTrue(said.isEmpty(), "built again: " + said);
        assertEquals(copying, cached.measure(sample, 10));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".sa")).count());
        }
    }
}
