package rnn.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.UserInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 24, item 1: a text read as records, and validation held out in whole records. */
class RecordsTest {
    private static final String E = new String(Character.toChars(Records.END));

    private static String split(Records mode, String... files) {
        StringBuilder out = new StringBuilder();
        Records.Splitter splitter = mode.splitter(out::appendCodePoint);
        for (String file : files) {
            file.codePoints().forEach(splitter);
            splitter.endFile();
        }
        return out.toString();
    }

    @Test
    void linesAndParagraphsBecomeRecordsEachFollowedByTheEndSymbol() {
        assertEquals(E + "Ann" + E + "Bob" + E, split(Records.LINE, "Ann\nBob\n"));
        assertEquals(E + "Ann" + E + "Bob" + E, split(Records.LINE, "Ann\r\n\n\nBob"), "CRLF, empty lines, no final break");
        assertEquals(E + "Ann" + E + "Bob" + E + "Cy" + E, split(Records.LINE, "Ann\nBob", "Cy\n"), "a file ends its record");
        assertEquals(E + "a b\nc d" + E + "e f" + E, split(Records.PARAGRAPH, "a b\nc d\n\n\ne f\n"));
        assertEquals(E + "x\r y" + E, split(Records.LINE, "x\r y\n"), "a lone \\r is text");
        assertThrows(UserInputException.class, () -> split(Records.LINE, "bad " + E));
    }

    @Test
    void validationHoldsOutWholeRecords(@TempDir Path dir) throws Exception {
        Path names = Files.writeString(dir.resolve("names.txt"), "Ann\nBob\nCyd\nDee\nEve\n");
        Corpus corpus = Corpus.load(List.of(names), null, Corpus.Holdout.eachFile(0.3), Records.LINE);
        // END Ann END Bob END Cyd END Dee END Eve END: 21 symbols; 30% would cut into "Dee", so the split moves back
        StringBuilder training = new StringBuilder(), validation = new StringBuilder();
        for (int i = 0; i < corpus.training().length(); i++) {
            training.appendCodePoint(corpus.vocabulary().codePointOf(corpus.training().get(i)));
        }
        for (int i = 0; i < corpus.validation().length(); i++) {
            validation.appendCodePoint(corpus.vocabulary().codePointOf(corpus.validation().get(i)));
        }
        assertEquals(E + "Ann" + E + "Bob" + E + "Cyd" + E, training.toString());
        assertEquals("Dee" + E + "Eve" + E, validation.toString());
        assertEquals(corpus.vocabulary().idOf(Records.END), corpus.endOfRecord());
        assertEquals(Records.LINE, corpus.records());
    }
}
