package rnn.sample;

import rnn.AtomicWrite;
import rnn.text.Corpus;
import rnn.text.Symbols;
import rnn.text.Vocabulary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Is a sample copied from the training text? An index of the text (its {@link SuffixArray}) answers, for
 * every position of a sample, the longest span starting there that occurs verbatim in the text: a binary
 * search narrowed one character at a time, O(span x log n) per position.
 * <p>
 * The index is built once per text and cached beside the checkpoint as {@code .novelty-<fingerprint>-<n>.sa}
 * (a header and n big-endian ints, written whole by rename), then memory-mapped: a 100 MB corpus is indexed
 * once (README, "Is it copying?"), and later samples only map the file.
 */
public final class CopyIndex {
    private static final long MAGIC = 0x524E4E5341303031L; // "RNNSA001"
    private static final int HEADER = 16;                   // magic, then the length as a long

    private final Symbols text;
    private final Vocabulary vocabulary;
    private final IntBuffer suffixes;                      // [n] start positions, in suffix order

    /**
     * How much of a sample is found verbatim in the text.
     *
     * @param longestSpan the longest span of the sample found in the text, in characters
     * @param longest     that span
     * @param copiedShare the share of the sample's characters inside spans of at least {@code minSpan} found in the text
     */
    public record Copying(int longestSpan, String longest, double copiedShare, int minSpan) {
    }

    private CopyIndex(Symbols text, Vocabulary vocabulary, IntBuffer suffixes) {
        this.text = text;
        this.vocabulary = vocabulary;
        this.suffixes = suffixes;
    }

    /**
     * The index of a corpus's training part: mapped from {@code cacheDirectory} if it was built before for this
     * text, else built (and cached there when the directory is writable). {@code say} hears what took time.
     */
    public static CopyIndex of(Corpus corpus, Path cacheDirectory, Consumer<String> say) {
        Symbols text = corpus.training();
        int n = text.length();
        Path cache = cacheDirectory == null ? null
                : cacheDirectory.resolve(".novelty-" + corpus.fingerprint() + "-" + n + ".sa");
        IntBuffer mapped = cache == null ? null : map(cache, n);
        if (mapped != null) {
            return new CopyIndex(text, corpus.vocabulary(), mapped);
        }
        long start = System.nanoTime();
        int[] sa = SuffixArray.build(text::get, n, corpus.vocabulary().size());
        say.accept(String.format(java.util.Locale.ROOT, "indexed %,d characters of training text for --novelty in %.1f s%s",
                n, (System.nanoTime() - start) / 1e9, cache == null ? "" : "; cached in " + cache));
        if (cache != null) {
            write(cache, sa);
        }
        return new CopyIndex(text, corpus.vocabulary(), IntBuffer.wrap(sa));
    }

    private static IntBuffer map(Path cache, int n) {
        if (!Files.isRegularFile(cache)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(cache, StandardOpenOption.READ)) {
            if (channel.size() != HEADER + 4L * n) {
                return null;
            }
            ByteBuffer file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.BIG_ENDIAN);
            if (file.getLong(0) != MAGIC || file.getLong(8) != n) {
                return null;
            }
            return file.position(HEADER).slice().order(ByteOrder.BIG_ENDIAN).asIntBuffer();
        } catch (IOException e) {
            return null; // built again
        }
    }

    private static void write(Path cache, int[] sa) {
        Path temporary = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            AtomicWrite.replace(cache, temporary, file -> {
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.BIG_ENDIAN);
                    chunk.putLong(MAGIC).putLong(sa.length);
                    for (int value : sa) {
                        if (!chunk.hasRemaining()) {
                            out.write(chunk.flip());
                            chunk.clear();
                        }
                        chunk.putInt(value);
                    }
                    out.write(chunk.flip());
                }
            });
        } catch (IOException e) {
            // a read-only directory: the index serves from memory this time
        }
    }

    /** For each position of the sample, the length of the longest span starting there found verbatim in the text. */
    int[] matchLengths(int[] ids) {
        int[] lengths = new int[ids.length];
        int n = suffixes.limit();
        for (int i = 0; i < ids.length; i++) {
            int lo = 0, hi = n, depth = 0;
            while (i + depth < ids.length && ids[i + depth] >= 0) {
                int symbol = ids[i + depth];
                int from = bound(lo, hi, depth, symbol, false);
                int to = bound(from, hi, depth, symbol, true);
                if (from == to) {
                    break;
                }
                lo = from;
                hi = to;
                depth++;
            }
            lengths[i] = depth;
        }
        return lengths;
    }

    /**
     * In suffixes[lo, hi), which agree on their first {@code depth} symbols: the first whose symbol at depth is
     * at least {@code symbol} (or above it, when {@code after}). A suffix that ends there sorts first.
     */
    private int bound(int lo, int hi, int depth, int symbol, boolean after) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int at = suffixes.get(mid) + depth;
            int c = at < text.length() ? text.get(at) : -1;
            if (c < symbol || (after && c == symbol)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** How much of the sample is in the text: its longest verbatim span, and the share inside spans of at least minSpan. */
    public Copying measure(String sample, int minSpan) {
        int[] codePoints = sample.codePoints().toArray();
        int[] ids = new int[codePoints.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.idOf(codePoints[i]); // -1 for a character the text does not have: no span crosses it
        }
        int[] lengths = matchLengths(ids);
        int longest = 0, longestAt = 0, coveredUntil = 0, covered = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] > longest) {
                longest = lengths[i];
                longestAt = i;
            }
            if (lengths[i] >= minSpan) { // the characters of [i, i + length) are inside a copied span
                int end = i + lengths[i];
                covered += Math.max(0, end - Math.max(i, coveredUntil));
                coveredUntil = Math.max(coveredUntil, end);
            }
        }
        String span = new String(codePoints, longestAt, longest);
        return new Copying(longest, span, codePoints.length == 0 ? 0 : (double) covered / codePoints.length, minSpan);
    }
}
