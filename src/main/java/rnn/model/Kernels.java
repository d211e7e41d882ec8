package rnn.model;

/**
 * The element-wise arithmetic that the cells, the loss and the optimizer are written in: short passes
 * over float arrays on the Java heap. Every pass reads {@code n} values from each input at its offset
 * and writes {@code n} values to {@code out} at its offset; {@code out} may be one of the inputs at the
 * same offset (in place).
 *
 * <p>Each pass has two implementations of the same operations in the same order: the plain loops here,
 * and SIMD lanes through the JDK's Vector API ({@link VectorKernels}) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (the {@code rnn} launcher does for {@code train}). Both use
 * IEEE float arithmetic lane by lane and no fused multiply-add, so they give the same bits
 * ({@code KernelsTest}). HotSpot 17 does not vectorise these loops itself (docs/measurements.md).
 *
 * <p>tanh is a rational approximation (the [13/6] one of Eigen's float tanh), within 4e-7 of the exact
 * value everywhere; σ(x) = 0.5 tanh(x/2) + 0.5, within 2.5e-7. Both are cheap in SIMD lanes where
 * {@code Math.exp} is not.
 */
public class Kernels {
    /**
     * The implementation in use: SIMD lanes when the Vector API is present (and has at least 4 lanes),
     * else the plain loops. A constant, so HotSpot inlines every call through it.
     */
    public static final Kernels ACTIVE = vectorApiAvailable() ? new VectorKernels() : new Kernels();

    Kernels() {
    }

    private static boolean vectorApiAvailable() {
        if (Boolean.getBoolean("rnn.scalar") || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        return VectorKernels.LANES >= 4;
    }

    /** Whether the passes and products run in SIMD lanes. */
    public boolean vectorized() {
        return false;
    }

    /** What runs the passes, for logs and bug reports: the SIMD width, or scalar. */
    public String describe() {
        return "scalar loops (start java with --add-modules jdk.incubator.vector for SIMD)";
    }

    // Coefficients of tanh(x) ≈ x·P(x²)/Q(x²) on [-9, 9] (Eigen's ptanh_float); beyond ±9, tanh is ±1 in float.
    static final float CLAMP = 9f;
    static final float A13 = -2.76076847742355e-16f, A11 = 2.00018790482477e-13f, A9 = -8.60467152213735e-11f,
            A7 = 5.12229709037114e-08f, A5 = 1.48572235717979e-05f, A3 = 6.37261928875436e-04f,
            A1 = 4.89352455891786e-03f;
    static final float B6 = 1.19825839466702e-06f, B4 = 1.18534705686654e-04f, B2 = 2.26843463243900e-03f,
            B0 = 4.89352518554385e-03f;

    /** tanh(x), within 4e-7. */
    public static float tanh(float x) {
        x = Math.max(-CLAMP, Math.min(CLAMP, x));
        float x2 = x * x;
        float p = x2 * A13 + A11;
        p = p * x2 + A9;
        p = p * x2 + A7;
        p = p * x2 + A5;
        p = p * x2 + A3;
        p = p * x2 + A1;
        p = p * x;
        float q = x2 * B6 + B4;
        q = q * x2 + B2;
        q = q * x2 + B0;
        return p / q;
    }

    /** σ(x) = 1 / (1 + e^-x) = 0.5 tanh(x/2) + 0.5, within 2.5e-7. */
    public static float sigmoid(float x) {
        return tanh(x * 0.5f) * 0.5f + 0.5f;
    }

    /** out = a + b */
    void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] + b[bo + i];
        }
    }

    /** out = a - b */
    void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] - b[bo + i];
        }
    }

    /** out = a ⊙ b */
    void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * b[bo + i];
        }
    }

    /** out += a ⊙ b */
    void addMul(float[] out, int oo, float[] a, int ao, float[] b, int bo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = out[oo + i] + a[ao + i] * b[bo + i];
        }
    }

    /** out = a ⊙ (1 - b) */
    void mulComplement(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * (1f - b[bo + i]);
        }
    }

    /** out = σ(x) */
    void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = sigmoid(x[xo + i]);
        }
    }

    /** out = tanh(x) */
    void tanh(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = tanh(x[xo + i]);
        }
    }

    /** out = d ⊙ s ⊙ (1 - s): a gradient d through a sigmoid whose output was s. */
    void sigmoidGrad(float[] d, int dO, float[] s, int so, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float si = s[so + i];
            out[oo + i] = d[dO + i] * si * (1f - si);
        }
    }

    /** out = d ⊙ (1 - t²): a gradient d through a tanh whose output was t. */
    void tanhGrad(float[] d, int dO, float[] t, int to, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float ti = t[to + i];
            out[oo + i] = d[dO + i] * (1f - ti * ti);
        }
    }

    /** x *= s */
    public void scale(float[] x, int xo, float s, int n) {
        for (int i = 0; i < n; i++) {
            x[xo + i] = x[xo + i] * s;
        }
    }

    // ---- Softmax ------------------------------------------------------------------------------------

    // e^x for x <= 0 as 2^n · e^r with n = round(x·log2 e) and |r| <= ln2/2 (Cephes' expf): e^r from a
    // degree-7 polynomial, 2^n put straight into a float's exponent bits; within 2 ulp of Math.exp.
    // Below -87.3 (where e^x leaves the normal floats) the result is 0: a softmax term that small never
    // changes a sum of terms one of which is 1, and a masked symbol (logit -inf) gets weight 0 exactly.
    static final float EXP_LOW = -87.33654f, LOG2E = 1.44269504088896341f, ROUND = 12582912f; // 1.5 · 2^23
    static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    static final float E7 = 1.9875691500e-4f, E6 = 1.3981999507e-3f, E5 = 8.3334519073e-3f, E4 = 4.1665795894e-2f,
            E3 = 1.6666665459e-1f, E2 = 5.0000001201e-1f;
    static final int EXPONENT_BIAS = 127 - 0x4B400000; // from the bits of ROUND + n to the biased exponent of 2^n

    /** e^x for x <= 0 (larger x are taken as 0), within 2 ulp; 0 below -87.3. */
    static float exp(float x) {
        if (x < EXP_LOW) {
            return 0f;
        }
        x = Math.min(0f, x);
        float t = x * LOG2E + ROUND;        // ROUND + n in the mantissa bits
        float n = t - ROUND;
        float r = x - n * LN2_HI;
        r = r - n * LN2_LO;
        float p = r * E7 + E6;
        p = p * r + E5;
        p = p * r + E4;
        p = p * r + E3;
        p = p * r + E2;
        p = p * (r * r) + r;
        p = p + 1f;
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(t) + EXPONENT_BIAS) << 23);
    }

    /** The largest of x[xo .. xo + n): NaN if any is NaN. */
    float max(float[] x, int xo, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xo + i]);
        }
        return max;
    }

    /**
     * Σ e^(x - shift) over x[xo .. xo + n) for shift >= every x, summed in {@link #SUM_LANES} partial
     * sums (lane i takes every SUM_LANES-th term) that are then added in order; with {@code store}, x
     * becomes e^(x - shift).
     */
    float expSum(float[] x, int xo, float shift, int n, boolean store) {
        float[] partial = PARTIAL_SUMS.get();           // per thread: no garbage in the training step
        java.util.Arrays.fill(partial, 0f);
        int i = 0;
        for (int bound = n - n % SUM_LANES; i < bound; i += SUM_LANES) {
            for (int lane = 0; lane < SUM_LANES; lane++) {
                float e = exp(x[xo + i + lane] - shift);
                partial[lane] += e;
                if (store) {
                    x[xo + i + lane] = e;
                }
            }
        }
        float sum = 0, tail = 0;
        for (float p : partial) {
            sum += p;
        }
        for (; i < n; i++) {
            float e = exp(x[xo + i] - shift);
            tail += e;
            if (store) {
                x[xo + i] = e;
            }
        }
        return sum + tail;
    }

    /** How many partial sums {@link #expSum} keeps: 16, the widest SIMD lane count, so both give the same sums. */
    static final int SUM_LANES = 16;
    static final ThreadLocal<float[]> PARTIAL_SUMS = ThreadLocal.withInitial(() -> new float[SUM_LANES]);

    /** x *= s, and acc += the new x */
    void scaleAndAccumulate(float[] x, int xo, float s, float[] acc, int ao, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i] * s;
            x[xo + i] = v;
            acc[ao + i] = acc[ao + i] + v;
        }
    }

    // ---- Products with a packed right-hand matrix ----------------------------------------------------

    /**
     * Columns per panel of a {@link PackedMatrix} for this implementation: the width of the register tile
     * of {@link #multiply}.
     */
    int panelWidth() {
        return 16;
    }

    /**
     * Packs B [k, n] into panels of {@link #panelWidth()} columns, each panel k rows of panel-width
     * floats, zero-padded: packed[(p*k + kk)*w + j] = B[kk][p*w + j]. B is read from src at offset,
     * row-major, or, when {@code transposed}, from its transpose [n, k] row-major.
     */
    void pack(float[] src, int offset, int k, int n, boolean transposed, float[] packed) {
        int w = panelWidth(), panels = (n + w - 1) / w;
        for (int p = 0; p < panels; p++) {
            for (int kk = 0; kk < k; kk++) {
                int to = (p * k + kk) * w;
                for (int j = 0; j < w; j++) {
                    int col = p * w + j;
                    packed[to + j] = col >= n ? 0f : transposed ? src[offset + col * k + kk] : src[offset + kk * n + col];
                }
            }
        }
    }

    /**
     * c[m, n] = a[m, k] · B, or c += a · B when {@code accumulate}; a and c row-major at their offsets
     * (row strides k and n), B packed.
     */
    void multiply(float[] a, int aOffset, int m, PackedMatrix b, float[] c, int cOffset, boolean accumulate) {
        if (b.panelWidth != panelWidth()) {
            throw new IllegalArgumentException("B was packed for another implementation");
        }
        int k = b.k, n = b.n, w = panelWidth();
        float[] row = new float[w];
        for (int p = 0; p * w < n; p++) {
            int base = p * k * w, cols = Math.min(w, n - p * w);
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int kk = 0; kk < k; kk++) {
                    float x = a[aOffset + i * k + kk];
                    for (int j = 0; j < w; j++) {
                        row[j] += x * b.panels[base + kk * w + j];
                    }
                }
                int at = cOffset + i * n + p * w;
                for (int j = 0; j < cols; j++) {
                    c[at + j] = accumulate ? c[at + j] + row[j] : row[j];
                }
            }
        }
    }

    /** Σ x², accumulated in double. (Not a hot path: once per training step over the gradients.) */
    public static double sumOfSquares(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return sum;
    }

    /**
     * One Adam update of weights w from gradients g, moments m and v, every array at the same offset:
     * <pre>
     *   m = β1 m + (1 - β1) g          v = β2 v + (1 - β2) g²
     *   w = w - step · m / (sqrt(v) · invSqrtCorrection2 + ε)
     * </pre>
     * with step = lr / (1 - β1^t) and invSqrtCorrection2 = 1 / sqrt(1 - β2^t) (bias correction). The
     * caller passes 1 - β too, computed in double: in float, 1 - 0.999f is 1.3e-5 away from 0.001.
     */
    public void adam(float[] w, float[] g, float[] m, float[] v, int offset, int n, float beta1, float oneMinusBeta1,
                     float beta2, float oneMinusBeta2, float step, float invSqrtCorrection2, float epsilon) {
        for (int i = offset; i < offset + n; i++) {
            float gi = g[i];
            float mi = m[i] * beta1 + gi * oneMinusBeta1;
            float vi = v[i] * beta2 + gi * gi * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] - mi * step / ((float) Math.sqrt(vi) * invSqrtCorrection2 + epsilon);
        }
    }
}
