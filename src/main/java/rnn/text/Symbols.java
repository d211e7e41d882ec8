package rnn.text;

/**
 * A text as symbol ids, packed as narrowly as its vocabulary allows: one byte per symbol for up to 256
 * symbols, two for up to 65,536, four beyond. A 100 MB ASCII corpus then takes 100 MB, not 400 (as an
 * int[] would) or 800 (as the code points and the ids side by side would). {@link #range} views a part
 * without copying.
 */
public final class Symbols {
    private final byte[] packed;
    private final int width;  // bytes per symbol: 1, 2 or 4
    private final int offset; // first symbol of this view
    private final int length;

    private Symbols(byte[] packed, int width, int offset, int length) {
        this.packed = packed;
        this.width = width;
        this.offset = offset;
        this.length = length;
    }

    /** Room for {@code length} ids below {@code vocabSize}, all 0. */
    public static Symbols allocate(int length, int vocabSize) {
        int width = vocabSize <= 1 << 8 ? 1 : vocabSize <= 1 << 16 ? 2 : 4;
        return new Symbols(new byte[Math.multiplyExact(length, width)], width, 0, length);
    }

    /** A copy of the ids, as narrow as their largest allows. */
    public static Symbols of(int... ids) {
        int max = 0;
        for (int id : ids) {
            max = Math.max(max, id);
        }
        Symbols symbols = allocate(ids.length, max + 1);
        for (int i = 0; i < ids.length; i++) {
            symbols.set(i, ids[i]);
        }
        return symbols;
    }

    public int length() {
        return length;
    }

    public int get(int index) {
        int at = (offset + index) * width;
        return switch (width) {
            case 1 -> packed[at] & 0xFF;
            case 2 -> (packed[at] & 0xFF) << 8 | packed[at + 1] & 0xFF;
            default -> (packed[at] & 0xFF) << 24 | (packed[at + 1] & 0xFF) << 16 | (packed[at + 2] & 0xFF) << 8
                    | packed[at + 3] & 0xFF;
        };
    }

    void set(int index, int id) {
        int at = (offset + index) * width;
        for (int b = width - 1; b >= 0; b--) {
            packed[at + b] = (byte) id;
            id >>>= 8;
        }
    }

    /** Symbols [from, to) of this one, sharing its storage. */
    public Symbols range(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + length);
        }
        return new Symbols(packed, width, offset + from, to - from);
    }
}
