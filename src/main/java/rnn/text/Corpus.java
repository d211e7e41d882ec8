package rnn.text;

import rnn.UserInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A training text as symbol ids over its vocabulary, split into a training part and a held-out validation part
 * ({@link Holdout}): the last {@code valFrac} of each file (with several files, every file gives its tail, not
 * only the last), or a file of its own. The ids are laid out training part first, validation part after, so
 * that each is one contiguous view.
 *
 * <p>Loading reads the files twice, in chunks: once to find the vocabulary, the lengths and the fingerprint,
 * once to store the ids, packed ({@link Symbols}). So a corpus takes about its own size in memory, never
 * the code points and the ids side by side. A pipe or stdin is copied to a temporary file on the first read.
 */
public final class Corpus {
    /** The most symbols a corpus may hold: ids are indexed by int. */
    static final long MAX_LENGTH = Integer.MAX_VALUE - 16;

    /**
     * What is held out for validation.
     *
     * @param valFrac  the fraction at the end of each file (of the whole text, with {@code eachFile} false)
     * @param valFile  a file of its own, all of it validation (then valFrac is not used); or null
     * @param eachFile the tail of each file; false: the tail of the files' concatenation, as checkpoints written
     *                 before per-file validation were trained, so that they resume on the same split
     */
    public record Holdout(double valFrac, Path valFile, boolean eachFile) {
        public static Holdout eachFile(double valFrac) {
            return new Holdout(valFrac, null, true);
        }

        public static Holdout file(Path valFile) {
            return new Holdout(0, valFile, true);
        }

        /** The last valFrac of the whole text. */
        public static Holdout tail(double valFrac) {
            return new Holdout(valFrac, null, false);
        }
    }

    private final Vocabulary vocabulary;
    private final Symbols ids;          // [training part | validation part]
    private final int splitPoint;       // where the validation part starts
    private final List<String> names;   // the corpus files as given on the command line, "-" for stdin
    private final List<String> validationNames; // the --val-file, or empty
    private final String fingerprint;   // 16 hex digits, FNV-1a over the code points: the text, whatever its files' names
    private final boolean eachFile;     // validation from the tail of each file (Holdout.eachFile)
    private final Records records;      // how the text was read as records; null: a stream of text

    private Corpus(Vocabulary vocabulary, Symbols ids, int splitPoint, List<String> names, List<String> validationNames,
                   String fingerprint, boolean eachFile, Records records) {
        this.eachFile = eachFile;
        this.records = records;
        this.vocabulary = vocabulary;
        this.ids = ids;
        this.splitPoint = splitPoint;
        this.names = List.copyOf(names);
        this.validationNames = List.copyOf(validationNames);
        this.fingerprint = fingerprint;
    }

    /** Reads the files, builds the vocabulary from them, and holds the last tenth of each out. */
    public static Corpus load(List<Path> files) {
        return load(files, null, Holdout.eachFile(0.1));
    }

    /**
     * Reads the files over an existing vocabulary (resuming, fine-tuning), or builds one from them if it is null.
     * Every character must be in a given vocabulary, and if some are not, the error lists them (up to 20) rather
     * than only the first. Each file is read twice, the second time from a temporary copy where it is a pipe.
     */
    public static Corpus load(List<Path> files, Vocabulary given, Holdout holdout) {
        return load(files, given, holdout, null);
    }

    /**
     * As above, the text read as {@link Records} (null: a stream of text): each record followed by
     * {@link Records#END}, which the vocabulary then holds, and validation held out in whole records (each
     * file's split moved back to the end of a record).
     */
    public static Corpus load(List<Path> files, Vocabulary given, Holdout holdout, Records records) {
        List<Path> sources = new ArrayList<>(files);
        if (holdout.valFile() != null) {
            sources.add(holdout.valFile());
        }
        List<Path> again = new ArrayList<>();
        try {
            BitSet seen = new BitSet();
            long[] lengths = new long[sources.size()];
            long[] hash = {FNV_OFFSET};
            List<Offsets> recordEnds = new ArrayList<>(); // per file, the offsets just after each END (records mode)
            int[] file = {0};
            java.util.function.IntConsumer counter = codePoint -> {
                seen.set(codePoint);
                if (codePoint == Records.END) {
                    recordEnds.get(file[0]).add(lengths[file[0]] + 1);
                }
                lengths[file[0]]++;
                hash[0] = (hash[0] ^ codePoint) * FNV_PRIME;
            };
            Records.Splitter splitter = records == null ? null : records.splitter(counter);
            for (int f = 0; f < sources.size(); f++) {
                file[0] = f;
                recordEnds.add(new Offsets());
                again.add(TextFiles.scanRereadable(sources.get(f), splitter == null ? counter : splitter));
                if (splitter != null) {
                    splitter.endFile();
                }
            }
            Vocabulary vocabulary = given != null ? given : Vocabulary.fromCodePoints(seen.stream().toArray());
            if (given != null) {
                Set<Integer> unknown = new TreeSet<>();
                seen.stream().filter(codePoint -> !given.contains(codePoint)).forEach(unknown::add);
                if (!unknown.isEmpty()) {
                    String listed = unknown.stream().limit(20).map(Vocabulary::describe).collect(Collectors.joining(", "));
                    throw new UserInputException(names(sources) + ": " + unknown.size() + " character" + (unknown.size() == 1 ? " is" : "s are")
                            + " not in the checkpoint's vocabulary: " + listed + (unknown.size() > 20 ? ", ..." : "")
                            + "; use text with the model's characters, or train a new model on it");
                }
            }
            Layout layout = Layout.of(lengths, holdout, checkedLength(sources, java.util.Arrays.stream(lengths).sum()),
                    records == null ? null : recordEnds);
            return new Corpus(vocabulary, encode(sources, again, vocabulary, layout, records), layout.splitPoint,
                    files.stream().map(Path::toString).toList(),
                    holdout.valFile() == null ? List.of() : List.of(holdout.valFile().toString()), String.format("%016x", hash[0]),
                    holdout.eachFile(), records);
        } finally {
            for (int i = 0; i < again.size(); i++) {
                TextFiles.deleteCopy(sources.get(i), again.get(i));
            }
        }
    }

    /**
     * Where each file's characters go: file f's first {@code trainLength[f]} characters to the training part,
     * from {@code trainStart[f]}; the rest to the validation part, from {@code validationStart[f]}.
     */
    private record Layout(long[] trainLength, long[] trainStart, long[] validationStart, int splitPoint, int length) {
        static Layout of(long[] lengths, Holdout holdout, int total, List<Offsets> recordEnds) {
            int files = lengths.length;
            long[] trainLength = new long[files];
            if (holdout.valFile() != null) { // the corpus files train, the last file validates
                System.arraycopy(lengths, 0, trainLength, 0, files - 1);
            } else if (holdout.eachFile()) {
                for (int f = 0; f < files; f++) {
                    trainLength[f] = trainingLength(lengths[f], holdout.valFrac());
                }
            } else { // the whole text's tail: every file trains but the part of the tail that falls in it
                long train = trainingLength(total, holdout.valFrac()), before = 0;
                for (int f = 0; f < files; f++) {
                    trainLength[f] = Math.max(0, Math.min(lengths[f], train - before));
                    before += lengths[f];
                }
            }
            for (int f = 0; recordEnds != null && f < files; f++) { // whole records: back to the last record's end
                if (trainLength[f] < lengths[f]) {
                    trainLength[f] = recordEnds.get(f).lastAtMost(trainLength[f]);
                }
            }
            long[] trainStart = new long[files], validationStart = new long[files];
            long split = java.util.Arrays.stream(trainLength).sum(), train = 0, validation = split;
            for (int f = 0; f < files; f++) {
                trainStart[f] = train;
                validationStart[f] = validation;
                train += trainLength[f];
                validation += lengths[f] - trainLength[f];
            }
            return new Layout(trainLength, trainStart, validationStart, (int) split, total);
        }

        long position(int file, long index) {
            return index < trainLength[file] ? trainStart[file] + index : validationStart[file] + index - trainLength[file];
        }
    }

    /** Growing offsets in increasing order, unboxed: a corpus of records may hold millions. */
    private static final class Offsets {
        private long[] values = new long[16];
        private int size;

        void add(long offset) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = offset;
        }

        /** The largest offset at most {@code limit}, or 0. */
        long lastAtMost(long limit) {
            int at = java.util.Arrays.binarySearch(values, 0, size, limit);
            int index = at >= 0 ? at : -at - 2;
            return index >= 0 ? values[index] : 0;
        }
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** A corpus in memory (tests): the last {@code valFrac} held out. */
    public static Corpus of(Vocabulary vocabulary, int[] ids, double valFrac) {
        Symbols symbols = Symbols.allocate(ids.length, vocabulary.size());
        long hash = FNV_OFFSET;
        for (int i = 0; i < ids.length; i++) {
            symbols.set(i, ids[i]);
            hash = (hash ^ vocabulary.codePointOf(ids[i])) * FNV_PRIME;
        }
        return new Corpus(vocabulary, symbols, (int) trainingLength(ids.length, valFrac), List.of("(memory)"), List.of(),
                String.format("%016x", hash), true, null);
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

    /** The second pass, over {@code again} (the files, or their copies): every code point's id, where the layout puts it. */
    private static Symbols encode(List<Path> files, List<Path> again, Vocabulary vocabulary, Layout layout, Records records) {
        Symbols ids = Symbols.allocate(layout.length(), vocabulary.size());
        long[] read = {0};
        int[] current = {0};
        long[] at = {0};
        java.util.function.IntConsumer encoder = codePoint -> {
            int id = vocabulary.idOf(codePoint);
            if (id < 0) {
                throw new UserInputException(names(files) + ": character " + Vocabulary.describe(codePoint)
                        + " is not in the checkpoint's vocabulary; resume on text with the same characters");
            }
            if (read[0]++ == layout.length()) {
                throw changed(files);
            }
            ids.set((int) layout.position(current[0], at[0]++), id);
        };
        Records.Splitter splitter = records == null ? null : records.splitter(encoder);
        for (int f = 0; f < again.size(); f++) {
            current[0] = f;
            at[0] = 0;
            TextFiles.scan(again.get(f), splitter == null ? encoder : splitter);
            if (splitter != null) {
                splitter.endFile();
            }
        }
        if (read[0] != layout.length()) {
            throw changed(files);
        }
        return ids;
    }

    private static UserInputException changed(List<Path> files) {
        return new UserInputException(names(files) + ": changed while being read; try again");
    }

    /** The corpus files' names as given. */
    public List<String> names() {
        return names;
    }

    /** The --val-file's name, or empty. */
    public List<String> validationNames() {
        return validationNames;
    }

    /** How the text was read as records (each followed by {@link Records#END}); null for a stream of text. */
    public Records records() {
        return records;
    }

    /** The id of {@link Records#END} in a text of records; -1 for a stream. */
    public int endOfRecord() {
        return records == null ? -1 : vocabulary.idOf(Records.END);
    }

    /** Whether validation is the tail of each file (or a file of its own), not the tail of the whole text. */
    public boolean holdsOutEachFile() {
        return eachFile;
    }

    /** The same text, under any names, has the same fingerprint: 16 hex digits of FNV-1a over the code points. */
    public String fingerprint() {
        return fingerprint;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** All characters: training and validation. */
    public int length() {
        return ids.length();
    }

    /** The training part's length in a text of {@code length} characters with the last {@code valFrac} held out. */
    public static long trainingLength(long length, double valFrac) {
        return length - Math.round(length * valFrac);
    }

    /** The training part (a view, not a copy). */
    public Symbols training() {
        return ids.range(0, splitPoint);
    }

    /** The validation part (a view, not a copy); empty when nothing is held out. */
    public Symbols validation() {
        return ids.range(splitPoint, ids.length());
    }

    private static String names(List<Path> files) {
        return files.size() == 1 ? files.get(0).toString() : files.toString();
    }
}
