package rnn.model;

/**
 * The matrix products of {@link CharacterModel} for a few streams, on Java arrays: the first character is
 * fast too, where the Vector API's code runs slowly until HotSpot has compiled it. Written so that
 * HotSpot vectorises them:
 * every array in the inner loop is indexed by the same j. (Indexed with an offset into one flat array,
 * the loop is not vectorised and runs several times slower: docs/measurements.md.)
 */
final class PlainProducts {
    /** Multiply-adds of one stream's pass below which it stays on one thread (docs/measurements.md). */
    private static final long MIN_SPLIT_WORK = 200_000;

    private PlainProducts() {
    }

    /** A share of a one-stream pass: the columns [from, to). */
    interface Columns {
        void run(int from, int to);
    }

    /**
     * Runs columns [0, n) of a pass of {@code work} multiply-adds, split between up to {@code threads}
     * threads if each gets at least {@link #MIN_SPLIT_WORK}; parts start at multiples of 16 columns.
     */
    static void inColumns(int n, long work, int threads, Columns pass) {
        int parts = (int) Math.min(threads, Math.max(1, work / MIN_SPLIT_WORK));
        if (parts <= 1) {
            pass.run(0, n);
        } else {
            SpinningThreads.run(parts, p -> pass.run(p * n / parts & ~15, p + 1 == parts ? n : (p + 1) * n / parts & ~15));
        }
    }

    /** y += x · w for one stream: x [I], w [I][M], y [M]; four rows of w at a time, as below. */
    static void addProduct(float[] x, float[][] w, float[] y) {
        addProduct(x, w, y, 0, y.length);
    }

    /** The columns [from, to) of y += x · w: a thread's share of a wide product (the output layer's). */
    static void addProduct(float[] x, float[][] w, float[] y, int from, int to) {
        int rows = w.length, i = 0;
        for (; i + 3 < rows; i += 4) {
            float[] w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3];
            float x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            for (int j = from; j < to; j++) {
                y[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
            }
        }
        for (; i < rows; i++) {
            float[] wi = w[i];
            float xi = x[i];
            for (int j = from; j < to; j++) {
                y[j] += xi * wi[j];
            }
        }
    }

    /**
     * ys[n] += xs[n] · w for the streams n in [from, to): xs [N][I],
     * w [I][M], ys [N][M]. Four rows of w at a time serve every stream while they are in cache, so w is
     * read from memory once per call, not once per stream, and ys is loaded and stored a quarter as often.
     */
    static void addProducts(float[][] xs, float[][] w, float[][] ys, int from, int to) {
        int rows = w.length, width = w[0].length, i = 0;
        for (; i + 3 < rows; i += 4) {
            float[] w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3];
            for (int n = from; n < to; n++) {
                float[] x = xs[n], y = ys[n];
                float x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
                for (int j = 0; j < width; j++) {
                    y[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
                }
            }
        }
        for (; i < rows; i++) {
            float[] wi = w[i];
            for (int n = from; n < to; n++) {
                float[] y = ys[n];
                float xi = xs[n][i];
                for (int j = 0; j < width; j++) {
                    y[j] += xi * wi[j];
                }
            }
        }
    }
}
