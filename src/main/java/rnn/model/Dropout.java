package rnn.model;

/**
 * Inverted dropout masks: element i of a layer's output [T*N, H] (row-major, rows time-major) is kept
 * and scaled by 1/(1 - rate) unless a hash of (seed, i) falls below the rate, else zeroed. A hash
 * rather than a sequential generator, so that every worker draws its own rows' part of the mask and
 * gets what one worker would; the seed comes from (run seed, step, layer), so a resumed run draws the
 * same masks as an uninterrupted one.
 * <p>
 * Three kinds of mask, each from a stream of its own: a layer's output, fresh at every time step
 * ({@link #layerSeed}); a layer's output, locked over the chunk (variational dropout, Gal and Ghahramani
 * 2016: one mask per stream, the same at every time step, {@link #lockedSeed}); and whole characters
 * (embedding dropout: symbol v's embedding row is zero wherever v occurs in the step, {@link #characterSeed}).
 */
public final class Dropout {
    private Dropout() {
    }

    /** The mask value of element {@code index}: 0 or 1/(1 - rate). */
    public static float mask(long seed, long index, double rate) {
        return uniform(seed, index) < rate ? 0f : (float) (1.0 / (1.0 - rate));
    }

    /** mask[offset + k] = mask(seed, firstIndex + k) for k in [0, n). */
    static void fill(float[] mask, int offset, int n, long seed, long firstIndex, double rate) {
        float keep = (float) (1.0 / (1.0 - rate));
        for (int k = 0; k < n; k++) {
            mask[offset + k] = uniform(seed, firstIndex + k) < rate ? 0f : keep;
        }
    }

    /** The seed of one layer's masks at one training step. */
    public static long layerSeed(long stepSeed, int layer) {
        return stepSeed * 31 + layer;
    }

    /** The seed of one layer's recurrent-weight mask (weight drop) at one training step: a stream apart from the outputs'. */
    static long weightSeed(long stepSeed, int layer) {
        return layerSeed(stepSeed, layer) ^ 0x5DEECE66DL;
    }

    /** The seed of one layer's locked mask (one per stream, for every time step of the chunk) at one training step. */
    public static long lockedSeed(long stepSeed, int layer) {
        return layerSeed(stepSeed, layer) ^ 0x2545F4914F6CDD1DL;
    }

    /** The seed of the characters' mask (embedding dropout) at one training step. */
    public static long characterSeed(long stepSeed) {
        return (stepSeed * 31 - 1) ^ 0x3C6EF372FE94F82AL;
    }

    /** A uniform draw in [0, 1) from SplitMix64's finaliser of (seed, index): 24 random bits. */
    private static double uniform(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-24;
    }
}
