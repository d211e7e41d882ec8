package rnn.model;

/**
 * How the matrix products of a step run, chosen here and nowhere else, from what this JVM offers (as
 * Lucene's vectorization provider chooses its implementation once). The measurements behind each choice
 * are in docs/measurements.md; docs/design.md draws where each runs.
 * <pre>
 *   PACKED  Kernels.multiply against weights packed once per pass, in SIMD lanes   needs the Vector API
 *   BLAS    cblas_sgemm on native arrays                                           training without it
 *   PLAIN   PlainProducts' loops on row arrays, which HotSpot vectorises itself    one stream at a time
 * </pre>
 * The whole-sequence products of training (x·Wx for all steps, the weight gradients) always run in the BLAS.
 */
enum ProductRoute {
    PACKED, BLAS, PLAIN;

    /**
     * Training's and validation's per-step products (h·Wh, dh·Whᵀ) and the output layer's: packed with the
     * Vector API; without it a scalar Java product takes 9x as long as the BLAS.
     */
    static ProductRoute forTraining() {
        return Kernels.ACTIVE.vectorized() ? PACKED : BLAS;
    }

    /**
     * Sampling and eval of several streams at once: packed with the Vector API; without it each stream in
     * turn through the plain loops, which are then faster than a scalar packed product. One stream always
     * takes the plain loops: they are fast from the first character, where the Vector API's code runs
     * slowly until HotSpot has compiled it.
     */
    static ProductRoute forStreams() {
        return Kernels.ACTIVE.vectorized() ? PACKED : PLAIN;
    }
}
