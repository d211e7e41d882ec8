package rnn.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * The products of a training step, three ways: Nd4j.gemm, cblas_sgemm on the arrays' native pointers
 * (what the engine calls), each on 1 and 2 BLAS threads; and two threads each running half the rows on
 * one BLAS thread (the engine's workers). Shapes of configs A and B: per-step and whole-sequence.
 * Run: bench/probe gemm.
 */
public final class GemmProbe {
    public static void main(String[] args) throws Exception {
        int[][] shapes = {{50, 128, 512}, {64, 512, 2048}, {64, 512, 512}, {2500, 128, 512}, {6400, 512, 2048}};
        System.out.println("| product [m,k]x[k,n] | threads | Nd4j.gemm | cblas_sgemm | 2 workers x half the rows |");
        System.out.println("|---|---|---|---|---|");
        for (int[] s : shapes) {
            for (int threads = 1; threads <= 2; threads++) {
                Nd4j.factory().blas().setMaxThreads(threads);
                int m = s[0], k = s[1], n = s[2];
                INDArray a = Nd4j.rand(DataType.FLOAT, m, k), b = Nd4j.rand(DataType.FLOAT, k, n), c = Nd4j.zeros(DataType.FLOAT, m, n);
                double nd4j = us(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), s);
                double cblas = us(() -> cblas(a, 0, m, b, c, k, n), s);
                String halves = "";
                if (threads == 1) {
                    double[] each = new double[2];
                    Thread other = new Thread(() -> each[1] = us(() -> cblas(a, m / 2, m - m / 2, b, c, k, n), s));
                    other.start();
                    each[0] = us(() -> cblas(a, 0, m / 2, b, c, k, n), s);
                    other.join();
                    halves = String.format(Locale.ROOT, "%.0f us", Math.max(each[0], each[1]));
                }
                double flop = 2.0 * m * k * n;
                System.out.printf(Locale.ROOT, "| [%d,%d]x[%d,%d] | %d | %.0f us (%.0f GFLOP/s) | %.0f us (%.0f GFLOP/s) | %s |%n",
                        m, k, k, n, threads, nd4j, flop / nd4j / 1e3, cblas, flop / cblas / 1e3, halves);
            }
        }
    }

    /** Rows [from, from + rows) of a times b into the same rows of c. */
    private static void cblas(INDArray a, int from, int rows, INDArray b, INDArray c, int k, int n) {
        FloatPointer pa = new FloatPointer((FloatPointer) a.data().addressPointer()).position((long) from * k);
        FloatPointer pc = new FloatPointer((FloatPointer) c.data().addressPointer()).position((long) from * n);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, n, k, 1f, pa, k,
                (FloatPointer) b.data().addressPointer(), n, 0f, pc, n);
    }

    private static double us(Runnable r, int[] s) {
        int n = (int) Math.max(5, 2e9 / (2.0 * s[0] * s[1] * s[2]));
        double[] t = new double[7];
        for (int k = -2; k < t.length; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                r.run();
            }
            if (k >= 0) {
                t[k] = (System.nanoTime() - t0) / 1e3 / n;
            }
        }
        Arrays.sort(t);
        return t[3];
    }
}
