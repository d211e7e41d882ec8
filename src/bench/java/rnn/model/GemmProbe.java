package rnn.model;

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
 * The products of a training step as one of the engine's two workers runs them (half the batch's rows),
 * three ways: Nd4j.gemm; cblas_sgemm on the arrays' native pointers (what the engine calls for the
 * whole-sequence products); and {@link Kernels#multiply} against a packed B on the Java heap (what it
 * calls per step). Each on one thread alone, and the last two also with two threads running the same
 * product at once, as the two workers do. Shapes of configs A and B, and of the output layer with a Chinese
 * vocabulary. Run: bench/probe gemm.
 */
public final class GemmProbe {
    public static void main(String[] args) throws Exception {
        Nd4j.factory().blas().setMaxThreads(1);
        Object[][] shapes = { // what, m, k, n
                {"A per step, h·Wh", 25, 128, 512}, {"A per step, dHw·Whᵀ", 25, 512, 128},
                {"B per step, h·Wh", 32, 512, 2048}, {"B per step, dHw·Whᵀ", 32, 2048, 512},
                {"A whole sequence, x·Wx (layer 2)", 1250, 128, 512},
                {"B whole sequence, x·Wx (layer 2)", 3200, 512, 2048},
                // the default model's output layer on songci (V = 5,403), one block of 388 rows (OutputLayer):
                {"output layer, logits = h·W", 388, 256, 5403}, {"output layer, dh = dlogits·Wᵀ", 388, 5403, 256},
                {"output layer, dW = hᵀ·dlogits (as [H,rows]x[rows,V])", 256, 388, 5403}};
        System.out.println("kernels: " + Kernels.ACTIVE.describe() + "; GFLOP/s per thread in parentheses");
        System.out.println("| product | [m,k]x[k,n] | Nd4j.gemm | cblas_sgemm | Kernels.multiply | cblas, 2 threads at once | Kernels, 2 threads at once |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Object[] shape : shapes) {
            int m = (int) shape[1], k = (int) shape[2], n = (int) shape[3];
            double flop = 2.0 * m * k * n;
            INDArray[] a = {Nd4j.rand(DataType.FLOAT, m, k), Nd4j.rand(DataType.FLOAT, m, k)};
            INDArray[] c = {Nd4j.zeros(DataType.FLOAT, m, n), Nd4j.zeros(DataType.FLOAT, m, n)};
            INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
            float[] bHeap = b.data().asFloat();
            PackedMatrix packed = new PackedMatrix(Kernels.ACTIVE, k, n).pack(bHeap, 0, false);
            float[][] aHeap = {a[0].data().asFloat(), a[1].data().asFloat()}, cHeap = new float[2][m * n];

            double nd4j = us(flop, () -> Nd4j.gemm(a[0], b, c[0], false, false, 1.0, 0.0));
            double blas = us(flop, () -> cblas(a[0], b, c[0], m, k, n));
            double java = us(flop, () -> Kernels.ACTIVE.multiply(aHeap[0], 0, m, packed, cHeap[0], 0, false));
            double blasTwo = twoAtOnce(flop, w -> cblas(a[w], b, c[w], m, k, n));
            double javaTwo = twoAtOnce(flop, w -> Kernels.ACTIVE.multiply(aHeap[w], 0, m, packed, cHeap[w], 0, false));
            System.out.printf(Locale.ROOT, "| %s | [%d,%d]x[%d,%d] | %s | %s | %s | %s | %s |%n", shape[0], m, k, k, n,
                    cell(nd4j, flop), cell(blas, flop), cell(java, flop), cell(blasTwo, flop), cell(javaTwo, flop));
        }
    }

    private static String cell(double us, double flop) {
        return String.format(Locale.ROOT, "%.0f us (%.0f)", us, flop / us / 1e3);
    }

    private static void cblas(INDArray a, INDArray b, INDArray c, int m, int k, int n) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1f, (FloatPointer) a.data().addressPointer(), k,
                (FloatPointer) b.data().addressPointer(), n, 0f, (FloatPointer) c.data().addressPointer(), n);
    }

    /** Microseconds per call with two threads each calling product(worker) at once: the slower thread's median. */
    private static double twoAtOnce(double flop, java.util.function.IntConsumer product) throws InterruptedException {
        double[] each = new double[2];
        Thread other = new Thread(() -> each[1] = us(flop, () -> product.accept(1)));
        other.start();
        each[0] = us(flop, () -> product.accept(0));
        other.join();
        return Math.max(each[0], each[1]);
    }

    /** Median microseconds per call over 7 timed batches of ~2 GFLOP each, after 2 warm-up batches. */
    private static double us(double flop, Runnable product) {
        int calls = (int) Math.max(5, 2e9 / flop);
        double[] t = new double[7];
        for (int round = -2; round < t.length; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                product.run();
            }
            if (round >= 0) {
                t[round] = (System.nanoTime() - start) / 1e3 / calls;
            }
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
