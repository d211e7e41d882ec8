package rnn.text;

import rnn.UserInputException;

import java.nio.file.Path;
import java.util.List;

/**
 * A training text as symbol ids over its vocabulary, split into a training part and a held-out
 * validation part (the last {@code valFrac} of the text, as char-rnn and Keras' validation_split do).
 */
public final class Corpus {
    private final Vocabulary vocabulary;
    private final int[] ids;

    private Corpus(Vocabulary vocabulary, int[] ids) {
        this.vocabulary = vocabulary;
        this.ids = ids;
    }

    /** Reads the files and builds the vocabulary from them. */
    public static Corpus load(List<Path> files) {
        int[] codePoints = TextFiles.readCodePoints(files);
        if (codePoints.length == 0) {
            throw new UserInputException(names(files) + ": empty; give a text file with some characters in it");
        }
        Vocabulary vocabulary = Vocabulary.of(codePoints);
        return new Corpus(vocabulary, vocabulary.encode(codePoints));
    }

    /** Reads the files over an existing vocabulary (resuming): every character must be in it. */
    public static Corpus load(List<Path> files, Vocabulary vocabulary) {
        int[] codePoints = TextFiles.readCodePoints(files);
        int[] ids = new int[codePoints.length];
        for (int i = 0; i < codePoints.length; i++) {
            ids[i] = vocabulary.idOf(codePoints[i]);
            if (ids[i] < 0) {
                throw new UserInputException(names(files) + ": character " + Vocabulary.describe(codePoints[i])
                        + " is not in the checkpoint's vocabulary; resume on text with the same characters");
            }
        }
        if (ids.length == 0) {
            throw new UserInputException(names(files) + ": empty; give a text file with some characters in it");
        }
        return new Corpus(vocabulary, ids);
    }

    public static Corpus of(Vocabulary vocabulary, int[] ids) {
        return new Corpus(vocabulary, ids);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Where the validation part starts. */
    public int splitPoint(double valFrac) {
        return ids.length - (int) Math.round(ids.length * valFrac);
    }

    public int[] trainingIds(double valFrac) {
        return java.util.Arrays.copyOfRange(ids, 0, splitPoint(valFrac));
    }

    public int[] validationIds(double valFrac) {
        return java.util.Arrays.copyOfRange(ids, splitPoint(valFrac), ids.length);
    }

    private static String names(List<Path> files) {
        return files.size() == 1 ? files.get(0).toString() : files.toString();
    }
}
