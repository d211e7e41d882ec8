package rnn.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each route of a layer's step products against the same math in double precision: packed, BLAS, plain loops. */
class LayerProductsTest {
    private static final int INPUT = 5, HIDDEN = 7, WIDTH = 21, ROWS = 4; // I, H, G*H (a GRU's 3 gates)
    private static final Random RANDOM = new Random(11);

    private static float[] random(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) RANDOM.nextGaussian();
        }
        return values;
    }

    private static float[][] rows(float[] flat, int rows) {
        int columns = flat.length / rows;
        float[][] result = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, result[r], 0, columns);
        }
        return result;
    }

    /** y[r] (+)= x[r] · w for rows [from, to), in double: w [k, n] row-major, or its transpose when transposed. */
    private static double[] reference(float[] x, float[] w, float[] y, int k, int n, int from, int to, boolean transposed, boolean add) {
        double[] result = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            result[i] = y[i];
        }
        for (int r = from; r < to; r++) {
            for (int j = 0; j < n; j++) {
                double sum = add ? y[r * n + j] : 0;
                for (int i = 0; i < k; i++) {
                    sum += (double) x[r * k + i] * (transposed ? w[j * k + i] : w[i * n + j]);
                }
                result[r * n + j] = sum;
            }
        }
        return result;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    @Test
    void everyRouteComputesTheSameProducts() {
        float[] wx = random(INPUT * WIDTH), wh = random(HIDDEN * WIDTH);
        NativeArray weights = new NativeArray(wx.length + wh.length);
        weights.upload(wx, 0, 0, wx.length);
        weights.upload(wh, 0, wx.length, wh.length);
        LayerProducts packed = LayerProducts.packed(new PackedMatrix(Kernels.ACTIVE, INPUT, WIDTH).pack(wx, 0, false),
                new PackedMatrix(Kernels.ACTIVE, HIDDEN, WIDTH).pack(wh, 0, false),
                new PackedMatrix(Kernels.ACTIVE, WIDTH, HIDDEN).pack(wh, 0, true));
        LayerProducts blas = LayerProducts.blas(weights, 0, wx.length, INPUT, HIDDEN, WIDTH, ROWS);
        float[] x = random(ROWS * INPUT), hPrev = random(ROWS * HIDDEN), bias = random(ROWS * WIDTH), dHw = random(ROWS * WIDTH);
        for (LayerProducts route : new LayerProducts[] {packed, blas}) {
            String name = route == packed ? "packed" : "BLAS";
            for (boolean withInput : new boolean[] {true, false}) {
                float[] gates = bias.clone(), hw = random(ROWS * WIDTH);
                route.forward(withInput ? x : null, hPrev, gates, hw, 1, ROWS, 1);          // rows 1..3: row 0 untouched
                assertClose(withInput ? reference(x, wx, bias, INPUT, WIDTH, 1, ROWS, false, true) : toDouble(bias), gates, name + " gates");
                double[] expectedHw = reference(hPrev, wh, hw, HIDDEN, WIDTH, 1, ROWS, false, false);
                for (int j = 0; j < WIDTH; j++) {
                    expectedHw[j] = hw[j]; // row 0 as it was
                }
                assertClose(expectedHw, hw, name + " hw");
            }
            float[] dhPrev = new float[ROWS * HIDDEN];
            route.backward(dHw, dhPrev, ROWS);
            assertClose(reference(dHw, wh, dhPrev, WIDTH, HIDDEN, 0, ROWS, true, false), dhPrev, name + " dh[t-1]");
        }
    }

    @Test
    void thePlainRouteStepsOneStreamItsColumnsSplitBetweenThreads() {
        int hidden = 300, width = 900; // 2·300·900 multiply-adds: large enough to split
        float[] wx = random(hidden * width), wh = random(hidden * width);
        for (int threads : new int[] {1, 2}) {
            LayerProducts plain = LayerProducts.plain(rows(wx, hidden), rows(wh, hidden));
            float[] x = random(hidden), hPrev = random(hidden), gates = random(width), hw = random(width);
            double[] expectedGates = reference(x, wx, gates, hidden, width, 0, 1, false, true);
            plain.forward(x, hPrev, gates, hw, 0, 1, threads);
            assertClose(expectedGates, gates, threads + " threads: gates");
            assertClose(reference(hPrev, wh, hw, hidden, width, 0, 1, false, false), hw, threads + " threads: hw");
        }
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
