package rnn.text;

import rnn.UserInputException;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

/**
 * A training text as symbol ids over its vocabulary, split into a training part and a held-out
 * validation part (the last {@code valFrac} of the text, as char-rnn and Keras' validation_split do).
 *
 * <p>Loading reads the files twice, in chunks: once to find the vocabulary and the length, once to
 * store the ids, packed ({@link Symbols}). So a corpus takes about its own size in memory, never
 * the code points and the ids side by side.
 */
public final class Corpus {
    /** The most symbols a corpus may hold: ids are indexed by int. */
    static final long MAX_LENGTH = Integer.MAX_VALUE - 16;

    private final Vocabulary vocabulary;
    private final Symbols ids;

    private Corpus(Vocabulary vocabulary, Symbols ids) {
        this.vocabulary = vocabulary;
        this.ids = ids;
    }

    /** Reads the files and builds the vocabulary from them. */
    public static Corpus load(List<Path> files) {
        BitSet seen = new BitSet();
        long[] length = {0};
        for (Path file : files) {
            TextFiles.scan(file, codePoint -> {
                seen.set(codePoint);
                length[0]++;
            });
        }
        Vocabulary vocabulary = Vocabulary.fromCodePoints(seen.stream().toArray());
        return new Corpus(vocabulary, encode(files, vocabulary, checkedLength(files, length[0])));
    }

    /**
     * Reads the files over an existing vocabulary (resuming, fine-tuning): every character must be in it, and
     * if some are not, the error lists them (up to 20) rather than only the first.
     */
    public static Corpus load(List<Path> files, Vocabulary vocabulary) {
        long[] length = {0};
        java.util.Set<Integer> unknown = new java.util.TreeSet<>();
        for (Path file : files) {
            TextFiles.scan(file, codePoint -> {
                length[0]++;
                if (!vocabulary.contains(codePoint)) {
                    unknown.add(codePoint);
                }
            });
        }
        if (!unknown.isEmpty()) {
            String listed = unknown.stream().limit(20).map(Vocabulary::describe).collect(java.util.stream.Collectors.joining(", "));
            throw new UserInputException(names(files) + ": " + unknown.size() + " character" + (unknown.size() == 1 ? " is" : "s are")
                    + " not in the checkpoint's vocabulary: " + listed + (unknown.size() > 20 ? ", ..." : "")
                    + "; use text with the model's characters, or train a new model on it");
        }
        return new Corpus(vocabulary, encode(files, vocabulary, checkedLength(files, length[0])));
    }

    public static Corpus of(Vocabulary vocabulary, int[] ids) {
        Symbols symbols = Symbols.allocate(ids.length, vocabulary.size());
        for (int i = 0; i < ids.length; i++) {
            symbols.set(i, ids[i]);
        }
        return new Corpus(vocabulary, symbols);
    }

    private static int checkedLength(List<Path> files, long length) {
        if (length == 0) {
            throw new UserInputException(names(files) + ": empty; give a text file with some characters in it");
        }
        if (length > MAX_LENGTH) {
            throw new UserInputException(names(files) + ": holds " + length + " characters; at most "
                    + MAX_LENGTH + " are supported");
        }
        return (int) length;
    }

    /** The second pass: every code point's id, in order. */
    private static Symbols encode(List<Path> files, Vocabulary vocabulary, int length) {
        Symbols ids = Symbols.allocate(length, vocabulary.size());
        int[] at = {0};
        for (Path file : files) {
            TextFiles.scan(file, codePoint -> {
                int id = vocabulary.idOf(codePoint);
                if (id < 0) {
                    throw new UserInputException(names(files) + ": character " + Vocabulary.describe(codePoint)
                            + " is not in the checkpoint's vocabulary; resume on text with the same characters");
                }
                if (at[0] == length) {
                    throw changed(files);
                }
                ids.set(at[0]++, id);
            });
        }
        if (at[0] != length) {
            throw changed(files);
        }
        return ids;
    }

    private static UserInputException changed(List<Path> files) {
        return new UserInputException(names(files) + ": changed while being read; try again");
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int length() {
        return ids.length();
    }

    /** Where the validation part starts. */
    public int splitPoint(double valFrac) {
        return ids.length() - (int) Math.round(ids.length() * valFrac);
    }

    /** The training part (a view, not a copy). */
    public Symbols training(double valFrac) {
        return ids.range(0, splitPoint(valFrac));
    }

    /** The validation part (a view, not a copy). */
    public Symbols validation(double valFrac) {
        return ids.range(splitPoint(valFrac), ids.length());
    }

    private static String names(List<Path> files) {
        return files.size() == 1 ? files.get(0).toString() : files.toString();
    }
}
