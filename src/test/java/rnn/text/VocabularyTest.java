package rnn.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.UserInputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {
    @TempDir
    Path dir;

    @Test
    void emojiAndCjkAreOneSymbolEachAndRoundTrip() throws Exception {
        String text = "héllo 世界 🙂🙂 ok\n";
        Path file = dir.resolve("t.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        int[] codePoints = TextFiles.readCodePoints(file);
        assertEquals(text.codePointCount(0, text.length()), codePoints.length);
        Vocabulary vocabulary = Vocabulary.of(codePoints);
        int[] ids = vocabulary.encode(codePoints);
        assertEquals(text, vocabulary.decode(ids));
        assertTrue(vocabulary.contains("🙂".codePointAt(0)), "the emoji is one symbol, not two surrogates");
        assertTrue(!vocabulary.contains("🙂".charAt(0)), "no lone surrogate in the vocabulary");
    }

    @Test
    void idsFollowSortedCodePoints() {
        Vocabulary vocabulary = Vocabulary.of("cab🙂a".codePoints().toArray());
        assertArrayEquals(new int[] {'a', 'b', 'c', 0x1F642}, vocabulary.codePoints());
        assertEquals(0, vocabulary.idOf('a'));
        assertEquals(3, vocabulary.idOf(0x1F642));
        assertEquals(-1, vocabulary.idOf('z'));
        assertEquals(vocabulary, Vocabulary.fromCodePoints(vocabulary.codePoints()));
    }

    @Test
    void savedVocabularyMustBeSortedAndDistinct() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromCodePoints(new int[] {'b', 'a'}));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromCodePoints(new int[] {'a', 'a'}));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromCodePoints(new int[] {-1}));
    }

    @Test
    void malformedUtf8NamesFileAndByteOffset() throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.write(file, new byte[] {'a', 'b', 'c', (byte) 0xC3, '(', 'd'});
        UserInputException e = assertThrows(UserInputException.class, () -> TextFiles.readCodePoints(file));
        assertTrue(e.getMessage().contains("bad.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 3"), e.getMessage());
    }

    @Test
    void missingFileAndDirectoryAreClearErrors() {
        assertTrue(assertThrows(UserInputException.class, () -> TextFiles.readCodePoints(dir.resolve("nope.txt")))
                .getMessage().contains("no such file"));
        assertTrue(assertThrows(UserInputException.class, () -> TextFiles.readCodePoints(dir))
                .getMessage().contains("directory"));
    }

    @Test
    void filesAreConcatenatedInOrder() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "ab");
        Path b = Files.writeString(dir.resolve("b.txt"), "🙂c");
        assertArrayEquals("ab🙂c".codePoints().toArray(), TextFiles.readCodePoints(List.of(a, b)));
    }

    @Test
    void corpusSplitsValidationOffTheEnd() {
        Vocabulary vocabulary = Vocabulary.of(new int[] {'a'});
        Corpus corpus = Corpus.of(vocabulary, new int[100], 0.1);
        assertEquals(90, corpus.training().length());
        assertEquals(10, corpus.validation().length());
        assertEquals(100, Corpus.of(vocabulary, new int[100], 0).training().length());
    }
}
