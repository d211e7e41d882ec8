package rnn.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 24, item 4: what is held out for validation, file by file. */
class CorpusTest {
    @TempDir
    Path dir;

    private static String text(Symbols ids, Vocabulary vocabulary) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ids.length(); i++) {
            out.appendCodePoint(vocabulary.codePointOf(ids.get(i)));
        }
        return out.toString();
    }

    @Test
    void severalFilesEachGiveTheirTailToValidation() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "aaaaaaaaAA");           // 10 characters: 8 train, 2 validate
        Path b = Files.writeString(dir.resolve("b.txt"), "b".repeat(16) + "BBBB");  // 20: 16 and 4
        Corpus corpus = Corpus.load(List.of(a, b), null, Corpus.Holdout.eachFile(0.2));
        assertEquals("aaaaaaaa" + "b".repeat(16), text(corpus.training(), corpus.vocabulary()));
        assertEquals("AABBBB", text(corpus.validation(), corpus.vocabulary()));

        // Checkpoints from before: the tail of the whole text, so a resume keeps its split.
        Corpus tail = Corpus.load(List.of(a, b), null, Corpus.Holdout.tail(0.2));
        assertEquals("aaaaaaaaAA" + "b".repeat(14), text(tail.training(), tail.vocabulary()));
        assertEquals("bbBBBB", text(tail.validation(), tail.vocabulary()));
    }

    @Test
    void oneFileSplitsAsBeforeAndAValidationFileIsHeldOutWhole() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "abcdefghij");
        Corpus each = Corpus.load(List.of(a), null, Corpus.Holdout.eachFile(0.2));
        Corpus tail = Corpus.load(List.of(a), null, Corpus.Holdout.tail(0.2));
        assertEquals(text(tail.training(), tail.vocabulary()), text(each.training(), each.vocabulary()));
        assertEquals("ij", text(each.validation(), each.vocabulary()));

        Path held = Files.writeString(dir.resolve("held.txt"), "jihg");
        Corpus separate = Corpus.load(List.of(a), null, Corpus.Holdout.file(held));
        assertEquals("abcdefghij", text(separate.training(), separate.vocabulary()));
        assertEquals("jihg", text(separate.validation(), separate.vocabulary()));
        assertEquals(List.of(held.toString()), separate.validationNames());
    }
}
