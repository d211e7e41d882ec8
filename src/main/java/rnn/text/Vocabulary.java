package rnn.text;

import java.util.Arrays;

/**
 * The symbols a model knows: the sorted set of Unicode code points of its training text.
 * A symbol's id is its position in that sorted list, so the same text always gives the same ids.
 */
public final class Vocabulary {
    private final int[] codePoints; // sorted ascending, distinct
    private final int[] bmpIds;     // [65536]: the id of each code point of the Basic Multilingual Plane, or -1

    private Vocabulary(int[] sortedDistinctCodePoints) {
        this.codePoints = sortedDistinctCodePoints;
        // Loading a corpus looks up every character; a table makes that one array read, not a binary search.
        this.bmpIds = new int[1 << 16];
        Arrays.fill(bmpIds, -1);
        for (int id = 0; id < codePoints.length && codePoints[id] < bmpIds.length; id++) {
            bmpIds[codePoints[id]] = id;
        }
    }

    /** The vocabulary of the given texts (each a sequence of code points). */
    public static Vocabulary of(int[]... texts) {
        int[] all = Arrays.stream(texts).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
        return new Vocabulary(all);
    }

    /** Rebuilds a saved vocabulary; the list must be strictly increasing valid code points. */
    public static Vocabulary fromCodePoints(int[] codePoints) {
        for (int i = 0; i < codePoints.length; i++) {
            if (!Character.isValidCodePoint(codePoints[i]) || (i > 0 && codePoints[i] <= codePoints[i - 1])) {
                throw new IllegalArgumentException("vocabulary is not a sorted list of distinct code points");
            }
        }
        return new Vocabulary(codePoints.clone());
    }

    public int size() {
        return codePoints.length;
    }

    /** The id of a code point, or -1 if it is not in the vocabulary. */
    public int idOf(int codePoint) {
        if (codePoint >= 0 && codePoint < bmpIds.length) {
            return bmpIds[codePoint];
        }
        int at = Arrays.binarySearch(codePoints, codePoint);
        return at >= 0 ? at : -1;
    }

    public boolean contains(int codePoint) {
        return idOf(codePoint) >= 0;
    }

    public int codePointOf(int id) {
        return codePoints[id];
    }

    public int[] codePoints() {
        return codePoints.clone();
    }

    /** Ids of every code point; throws if one is outside the vocabulary. */
    public int[] encode(int[] text) {
        int[] ids = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            ids[i] = idOf(text[i]);
            if (ids[i] < 0) {
                throw new IllegalArgumentException("character " + describe(text[i]) + " is not in the vocabulary");
            }
        }
        return ids;
    }

    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder(ids.length);
        for (int id : ids) {
            out.appendCodePoint(codePoints[id]);
        }
        return out.toString();
    }

    /** A code point as a user can read it in an error message: 'x' (U+0078). */
    public static String describe(int codePoint) {
        String shown = Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                ? "" : "'" + new String(Character.toChars(codePoint)) + "' ";
        return shown + String.format("(U+%04X)", codePoint);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Vocabulary v && Arrays.equals(codePoints, v.codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }
}
