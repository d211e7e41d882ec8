package rnn.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.factory.Nd4j;
import rnn.model.Engine;

import java.util.Arrays;
import java.util.Locale;

/** Per-step GEMM shapes through BLAS (Nd4j.gemm) and through libnd4j's matmul op (oneDNN when loaded). */
public final class GemmProbe {
    public static void main(String[] args) {
        Engine.useThreads(2);
        int[][] shapes = {{64, 512, 512}, {64, 512, 2048}, {50, 128, 128}, {6400, 512, 512}};
        for (int[] s : shapes) {
            INDArray a = Nd4j.rand(DataType.FLOAT, s[0], s[1]), b = Nd4j.rand(DataType.FLOAT, s[1], s[2]);
            INDArray c = Nd4j.zeros(DataType.FLOAT, s[0], s[2]);
            Mmul op = new Mmul(a, b, c, MMulTranspose.allFalse());
            double blas = us(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), s);
            double matmul = us(() -> Nd4j.exec(op), s);
            double flop = 2.0 * s[0] * s[1] * s[2];
            System.out.printf(Locale.ROOT, "[%d,%d]x[%d,%d]: gemm %.0f us (%.0f GFLOP/s), matmul op %.0f us (%.0f GFLOP/s)%n",
                    s[0], s[1], s[1], s[2], blas, flop / blas / 1e3, matmul, flop / matmul / 1e3);
        }
    }

    private static double us(Runnable r, int[] s) {
        int n = (int) Math.max(5, 2e9 / (2.0 * s[0] * s[1] * s[2]));
        double[] t = new double[7];
        for (int k = -2; k < t.length; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) r.run();
            if (k >= 0) t[k] = (System.nanoTime() - t0) / 1e3 / n;
        }
        Arrays.sort(t);
        return t[3];
    }
}
