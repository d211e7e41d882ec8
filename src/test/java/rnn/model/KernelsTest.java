package rnn.model;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIMD passes against the plain loops they stand for: the same bits for every pass, at lengths
 * that leave a remainder after the last full lane and at offsets inside larger arrays; and the rational
 * tanh and sigmoid against Math, to the accuracy docs/design.md states.
 */
class KernelsTest {
    private static final Kernels SCALAR = new Kernels();
    private static final Kernels VECTOR = new VectorKernels();
    private static final int[] LENGTHS = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 1000};

    @Test
    void theTestsRunTheVectorPath() {
        assertInstanceOf(VectorKernels.class, Kernels.ACTIVE, "surefire starts the JVM with the Vector API");
        assertTrue(VectorKernels.LANES >= 4);
    }

    @Test
    void everyPassGivesTheSameBitsInLanesAsInLoops() {
        Random random = new Random(1);
        for (int n : LENGTHS) {
            int o = random.nextInt(5); // offsets inside the arrays
            float[] a = values(random, n + 10, 3f), b = values(random, n + 10, 3f), s = probabilities(random, n + 10);
            same("add", n, out -> SCALAR.add(a, o, b, o + 1, out, 2, n), out -> VECTOR.add(a, o, b, o + 1, out, 2, n));
            same("sub", n, out -> SCALAR.sub(a, o, b, 1, out, o, n), out -> VECTOR.sub(a, o, b, 1, out, o, n));
            same("mul", n, out -> SCALAR.mul(a, 3, b, o, out, 1, n), out -> VECTOR.mul(a, 3, b, o, out, 1, n));
            same("mulComplement", n, out -> SCALAR.mulComplement(a, o, s, 2, out, 0, n),
                    out -> VECTOR.mulComplement(a, o, s, 2, out, 0, n));
            same("sigmoid", n, out -> SCALAR.sigmoid(a, o, out, 3, n), out -> VECTOR.sigmoid(a, o, out, 3, n));
            same("tanh", n, out -> SCALAR.tanh(a, o, out, 3, n), out -> VECTOR.tanh(a, o, out, 3, n));
            same("sigmoidGrad", n, out -> SCALAR.sigmoidGrad(a, 1, s, o, out, 0, n),
                    out -> VECTOR.sigmoidGrad(a, 1, s, o, out, 0, n));
            same("tanhGrad", n, out -> SCALAR.tanhGrad(a, 1, s, o, out, 0, n), out -> VECTOR.tanhGrad(a, 1, s, o, out, 0, n));
            float[] start = values(random, n + 10, 1f);
            same("addMul", n, out -> {
                System.arraycopy(start, 0, out, 0, start.length);
                SCALAR.addMul(out, o, a, 1, b, 2, n);
            }, out -> {
                System.arraycopy(start, 0, out, 0, start.length);
                VECTOR.addMul(out, o, a, 1, b, 2, n);
            });
            same("scale", n, out -> {
                System.arraycopy(start, 0, out, 0, start.length);
                SCALAR.scale(out, o, 0.37f, n);
            }, out -> {
                System.arraycopy(start, 0, out, 0, start.length);
                VECTOR.scale(out, o, 0.37f, n);
            });
            float[][] scalarAdam = adamState(n), vectorAdam = adamState(n);
            for (int step = 1; step <= 3; step++) {
                float stepSize = (float) (2e-3 / (1 - Math.pow(0.9, step)));
                float invSqrt = (float) (1 / Math.sqrt(1 - Math.pow(0.999, step)));
                SCALAR.adam(scalarAdam[0], scalarAdam[1], scalarAdam[2], scalarAdam[3], o, n, 0.9f, 0.1f, 0.999f, 0.001f, stepSize, invSqrt, 1e-8f);
                VECTOR.adam(vectorAdam[0], vectorAdam[1], vectorAdam[2], vectorAdam[3], o, n, 0.9f, 0.1f, 0.999f, 0.001f, stepSize, invSqrt, 1e-8f);
            }
            for (int k = 0; k < 4; k++) {
                assertArrayEquals(scalarAdam[k], vectorAdam[k], "adam array " + k + " at n=" + n);
            }
        }
    }

    /** The softmax passes: max, Σ e^(x - shift) (with and without keeping the terms), and the scaled gradient with db. */
    @Test
    void softmaxPassesGiveTheSameBitsInLanesAsInLoops() {
        Random random = new Random(4);
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 100, 1000, 5403}) {
            int o = random.nextInt(5);
            float[] x = values(random, n + 10, 4f);
            assertEquals(SCALAR.max(x, o, n), VECTOR.max(x, o, n), 0f, "max at n=" + n);
            float shift = n == 0 ? 0f : SCALAR.max(x, o, n);
            assertEquals(SCALAR.expSum(x, o, shift, n, false), VECTOR.expSum(x, o, shift, n, false), 0f, "expSum at n=" + n);
            float[] acc = values(random, n + 10, 1f);
            same("expSum stored", n, out -> {
                System.arraycopy(x, 0, out, 0, x.length);
                SCALAR.expSum(out, o, shift, n, true);
            }, out -> {
                System.arraycopy(x, 0, out, 0, x.length);
                VECTOR.expSum(out, o, shift, n, true);
            });
            float[] scalarAcc = acc.clone(), vectorAcc = acc.clone();
            same("scaleAndAccumulate", n, out -> {
                System.arraycopy(x, 0, out, 0, x.length);
                SCALAR.scaleAndAccumulate(out, o, 0.3f, scalarAcc, 2, n);
            }, out -> {
                System.arraycopy(x, 0, out, 0, x.length);
                VECTOR.scaleAndAccumulate(out, o, 0.3f, vectorAcc, 2, n);
            });
            assertArrayEquals(scalarAcc, vectorAcc, "the accumulated sum at n=" + n);
        }
        float[] withNaN = {1f, Float.NaN, 2f};
        assertTrue(Float.isNaN(VECTOR.max(withNaN, 0, 3)) && Float.isNaN(SCALAR.max(withNaN, 0, 3)), "a NaN logit is noticed");
    }

    /** e^x on (-inf, 0] within 2 ulp of Math.exp down to -87.3, and 0 below (a masked symbol, -inf, among them). */
    @Test
    void expIsWithinTwoUlpOfMathExp() {
        double worst = 0;
        for (double x = -87.3; x <= 0; x += 1e-4) {
            float f = (float) x, expected = (float) Math.exp(f);
            worst = Math.max(worst, Math.abs(Kernels.exp(f) - expected) / Math.ulp(expected));
        }
        assertTrue(worst <= 2, "exp error " + worst + " ulp");
        assertEquals(1f, Kernels.exp(0f), 0f);
        assertEquals(0f, Kernels.exp(-88f), 0f);
        assertEquals(0f, Kernels.exp(Float.NEGATIVE_INFINITY), 0f, "a masked symbol weighs nothing");
        float[] masked = {0f, Float.NEGATIVE_INFINITY, -1f, Float.NEGATIVE_INFINITY, -200f};
        float[] lanes = new float[40], loops = new float[40];
        for (int i = 0; i < 40; i++) {
            lanes[i] = loops[i] = masked[i % masked.length];
        }
        assertEquals(SCALAR.expSum(loops, 0, 0f, 40, true), VECTOR.expSum(lanes, 0, 0f, 40, true), 0f);
        assertArrayEquals(loops, lanes);
        assertEquals(0f, lanes[1], 0f);
        assertEquals(0f, lanes[4], 0f);
        assertTrue(Float.isNaN(Kernels.exp(Float.NaN)));
    }

    @Test
    void inPlacePassesAgreeToo() {
        Random random = new Random(2);
        float[] x = values(random, 37, 4f), y = x.clone();
        SCALAR.sigmoid(x, 0, x, 0, 37);
        VECTOR.sigmoid(y, 0, y, 0, 37);
        assertArrayEquals(x, y);
        SCALAR.mul(x, 0, x, 0, x, 0, 37);
        VECTOR.mul(y, 0, y, 0, y, 0, 37);
        assertArrayEquals(x, y);
    }

    @Test
    void tanhAndSigmoidAreWithinTheirStatedErrorEverywhere() {
        double worstTanh = 0, worstSigmoid = 0;
        for (double x = -30; x <= 30; x += 1e-5) {
            float f = (float) x;
            worstTanh = Math.max(worstTanh, Math.abs(Kernels.tanh(f) - Math.tanh(f)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(Kernels.sigmoid(f) - 1 / (1 + Math.exp(-f))));
        }
        assertTrue(worstTanh <= 4e-7, "tanh error " + worstTanh);
        assertTrue(worstSigmoid <= 2.5e-7, "sigmoid error " + worstSigmoid);
        assertEquals(1f, Kernels.tanh(Float.MAX_VALUE), 0f);
        assertEquals(-1f, Kernels.tanh(-Float.MAX_VALUE), 0f);
        assertEquals(0f, Kernels.tanh(0f), 0f);
        assertTrue(Float.isNaN(Kernels.tanh(Float.NaN)), "NaN stays NaN, so a diverged run is noticed");
    }

    /** The product against a double-precision triple loop, at shapes that leave partial tiles and panels. */
    @Test
    void productsMatchAPlainTripleLoopInBothImplementations() {
        Random random = new Random(3);
        int[] ms = {1, 3, 4, 5, 9}, ks = {1, 7, 33}, ns = {1, 15, 47, 48, 49, 100};
        for (Kernels kernels : new Kernels[] {SCALAR, VECTOR}) {
            for (int m : ms) {
                for (int k : ks) {
                    for (int n : ns) {
                        boolean transposed = random.nextBoolean(), accumulate = random.nextBoolean();
                        float[] a = values(random, 2 + m * k, 1f), b = values(random, 3 + k * n, 1f), c = values(random, 1 + m * n, 1f);
                        double[] expected = new double[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double sum = accumulate ? c[1 + i * n + j] : 0;
                                for (int kk = 0; kk < k; kk++) {
                                    sum += (double) a[2 + i * k + kk] * (transposed ? b[3 + j * k + kk] : b[3 + kk * n + j]);
                                }
                                expected[i * n + j] = sum;
                            }
                        }
                        float before = c[0];
                        PackedMatrix packed = new PackedMatrix(kernels, k, n).pack(b, 3, transposed);
                        kernels.multiply(a, 2, m, packed, c, 1, accumulate);
                        for (int i = 0; i < m * n; i++) {
                            String what = kernels.getClass().getSimpleName() + " [" + m + "," + k + "]x[" + k + "," + n + "]"
                                    + (transposed ? " from Bᵀ" : "") + (accumulate ? " accumulated" : "");
                            assertEquals(expected[i], c[1 + i], 1e-5 * (k + 1), what + " element " + i);
                        }
                        assertEquals(before, c[0], 0f, "nothing written before the output block");
                    }
                }
            }
        }
    }

    private static void same(String what, int n, Consumer<float[]> scalar, Consumer<float[]> vector) {
        float[] expected = new float[n + 10], actual = new float[n + 10];
        scalar.accept(expected);
        vector.accept(actual);
        assertArrayEquals(expected, actual, what + " at n=" + n);
    }

    private static float[][] adamState(int n) {
        Random random = new Random(n);
        return new float[][] {values(random, n + 10, 1f), values(random, n + 10, 0.1f), new float[n + 10], new float[n + 10]};
    }

    private static float[] values(Random random, int n, float scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return values;
    }

    private static float[] probabilities(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }
}
