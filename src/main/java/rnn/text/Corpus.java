package rnn.text;

import rnn.UserInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A training text as symbol ids over its vocabulary, split into a training part and a held-out
 * validation part (the last {@code valFrac} of the text, as char-rnn and Keras' validation_split do).
 *
 * <p>Loading reads the files twice, in chunks: once to find the vocabulary, the length and the fingerprint,
 * once to store the ids, packed ({@link Symbols}). So a corpus takes about its own size in memory, never
 * the code points and the ids side by side. A pipe or stdin is copied to a temporary file on the first read.
 */
public final class Corpus {
    /** The most symbols a corpus may hold: ids are indexed by int. */
    static final long MAX_LENGTH = Integer.MAX_VALUE - 16;

    private final Vocabulary vocabulary;
    private final Symbols ids;
    private final List<String> names;  // as given on the command line, "-" for stdin
    private final String fingerprint;  // 16 hex digits, FNV-1a over the code points: the text, whatever its files' names

    private Corpus(Vocabulary vocabulary, Symbols ids, List<String> names, String fingerprint) {
        this.vocabulary = vocabulary;
        this.ids = ids;
        this.names = List.copyOf(names);
        this.fingerprint = fingerprint;
    }

    /** Reads the files and builds the vocabulary from them. */
    public static Corpus load(List<Path> files) {
        return load(files, null);
    }

    /**
     * Reads the files over an existing vocabulary (resuming, fine-tuning), or builds one from them if it is null.
     * Every character must be in a given vocabulary, and if some are not, the error lists them (up to 20) rather
     * than only the first. Each file is read twice, the second time from a temporary copy where it is a pipe.
     */
    public static Corpus load(List<Path> files, Vocabulary given) {
        List<Path> again = new ArrayList<>();
        try {
            BitSet seen = new BitSet();
            long[] length = {0};
            long[] hash = {FNV_OFFSET};
            for (Path file : files) {
                again.add(TextFiles.scanRereadable(file, codePoint -> {
                    seen.set(codePoint);
                    length[0]++;
                    hash[0] = (hash[0] ^ codePoint) * FNV_PRIME;
                }));
            }
            Vocabulary vocabulary = given != null ? given : Vocabulary.fromCodePoints(seen.stream().toArray());
            if (given != null) {
                java.util.Set<Integer> unknown = new java.util.TreeSet<>();
                seen.stream().filter(codePoint -> !given.contains(codePoint)).forEach(unknown::add);
                if (!unknown.isEmpty()) {
                    String listed = unknown.stream().limit(20).map(Vocabulary::describe).collect(java.util.stream.Collectors.joining(", "));
                    throw new UserInputException(names(files) + ": " + unknown.size() + " character" + (unknown.size() == 1 ? " is" : "s are")
                            + " not in the checkpoint's vocabulary: " + listed + (unknown.size() > 20 ? ", ..." : "")
                            + "; use text with the model's characters, or train a new model on it");
                }
            }
            return new Corpus(vocabulary, encode(files, again, vocabulary, checkedLength(files, length[0])),
                    files.stream().map(Path::toString).toList(), String.format("%016x", hash[0]));
        } finally {
            for (int i = 0; i < again.size(); i++) {
                TextFiles.deleteCopy(files.get(i), again.get(i));
            }
        }
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    public static Corpus of(Vocabulary vocabulary, int[] ids) {
        Symbols symbols = Symbols.allocate(ids.length, vocabulary.size());
        for (int i = 0; i < ids.length; i++) {
            symbols.set(i, ids[i]);
        }
        long hash = FNV_OFFSET;
        for (int id : ids) {
            hash = (hash ^ vocabulary.codePointOf(id)) * FNV_PRIME;
        }
        return new Corpus(vocabulary, symbols, List.of("(memory)"), String.format("%016x", hash));
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

    /** The second pass, over {@code again} (the files, or their copies): every code point's id, in order. */
    private static Symbols encode(List<Path> files, List<Path> again, Vocabulary vocabulary, int length) {
        Symbols ids = Symbols.allocate(length, vocabulary.size());
        int[] at = {0};
        for (Path file : again) {
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

    /** The files' names as given. */
    public List<String> names() {
        return names;
    }

    /** The same text, under any names, has the same fingerprint: 16 hex digits of FNV-1a over the code points. */
    public String fingerprint() {
        return fingerprint;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int length() {
        return ids.length();
    }

    /** Where the validation part starts. */
    public int splitPoint(double valFrac) {
        return (int) trainingLength(ids.length(), valFrac);
    }

    /** The training part's length in a text of {@code length} characters. */
    public static long trainingLength(long length, double valFrac) {
        return length - Math.round(length * valFrac);
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
