package rnn.model;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * The whole-sequence products, on native arrays, straight into cblas_sgemm of the OpenBLAS that ND4J
 * bundles and calls itself: one path for every large product, without the bookkeeping
 * Nd4j.gemm adds per call, which costs more than a small product (docs/measurements.md). At large shapes the
 * two run at the same speed.
 */
final class Blas {
    private Blas() {
    }

    /**
     * c = op(a) · op(b) + beta · c, every matrix a dense row-major block at its offset:
     * op(a) [m, k], op(b) [k, n], c [m, n]; a is stored [k, m] when transposed, b [n, k].
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     NativeArray a, long aOffset, NativeArray b, long bOffset, float beta, NativeArray c, long cOffset) {
        gemm(Profile.Part.SEQUENCE_PRODUCTS, transA, transB, m, n, k, a, aOffset, b, bOffset, beta, c, cOffset);
    }

    /** The same, its time counted in the given part of the profile. */
    static void gemm(Profile.Part part, boolean transA, boolean transB, int m, int n, int k,
                     NativeArray a, long aOffset, NativeArray b, long bOffset, float beta, NativeArray c, long cOffset) {
        if (m == 0 || n == 0) {
            return;
        }
        long start = Profile.start();
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k,
                1f, a.at(aOffset, (long) m * k), transA ? m : k, b.at(bOffset, (long) k * n), transB ? k : n,
                beta, c.at(cOffset, (long) m * n), n);
        Profile.stop(part, start);
    }
}
