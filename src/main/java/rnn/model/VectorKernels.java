package rnn.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static rnn.model.Kernels.A1;
import static rnn.model.Kernels.A11;
import static rnn.model.Kernels.A13;
import static rnn.model.Kernels.A3;
import static rnn.model.Kernels.A5;
import static rnn.model.Kernels.A7;
import static rnn.model.Kernels.A9;
import static rnn.model.Kernels.B0;
import static rnn.model.Kernels.B2;
import static rnn.model.Kernels.B4;
import static rnn.model.Kernels.B6;
import static rnn.model.Kernels.CLAMP;
import static rnn.model.Kernels.E2;
import static rnn.model.Kernels.E3;
import static rnn.model.Kernels.E4;
import static rnn.model.Kernels.E5;
import static rnn.model.Kernels.E6;
import static rnn.model.Kernels.E7;
import static rnn.model.Kernels.EXPONENT_BIAS;
import static rnn.model.Kernels.EXP_LOW;
import static rnn.model.Kernels.LN2_HI;
import static rnn.model.Kernels.LN2_LO;
import static rnn.model.Kernels.LOG2E;
import static rnn.model.Kernels.PARTIAL_SUMS;
import static rnn.model.Kernels.ROUND;
import static rnn.model.Kernels.SUM_LANES;

/**
 * {@link Kernels} in SIMD lanes with the JDK's Vector API: the widest species this CPU has (16 floats
 * with AVX-512, 8 with AVX2, 4 with NEON), chosen when the JVM starts. Each pass runs the lanes over
 * the largest multiple of the lane count and leaves the rest to the plain loop, with the same
 * operations in the same order, so the results are the same bits. Loaded only when the
 * jdk.incubator.vector module is present.
 *
 * <p>Each pass is one short loop: a single loop computing all of an LSTM step's gates at once ran slower,
 * its vectors spilled out of registers (docs/measurements.md). And no method here takes or
 * returns a vector: where C2 stops inlining into a cell's method (its node budget), a vector passed to
 * a method it did not inline is allocated as an object, and one such call made garbage at every step. So
 * C2 either inlines a whole pass or calls it, compiled whole; tanh's polynomial is written out in both
 * passes that use it.
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[4 * 3 * LANES]);

    @Override
    public boolean vectorized() {
        return true;
    }

    @Override
    public String describe() {
        return "Vector API, " + LANES + " floats per lane";
    }

    @Override
    void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, a, ao + i).add(FloatVector.fromArray(SPECIES, b, bo + i)).intoArray(out, oo + i);
        }
        super.add(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, a, ao + i).sub(FloatVector.fromArray(SPECIES, b, bo + i)).intoArray(out, oo + i);
        }
        super.sub(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, a, ao + i).mul(FloatVector.fromArray(SPECIES, b, bo + i)).intoArray(out, oo + i);
        }
        super.mul(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void addMul(float[] out, int oo, float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, out, oo + i).add(FloatVector.fromArray(SPECIES, a, ao + i).mul(FloatVector.fromArray(SPECIES, b, bo + i))).intoArray(out, oo + i);
        }
        super.addMul(out, oo + i, a, ao + i, b, bo + i, n - i);
    }

    @Override
    void mulComplement(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, a, ao + i).mul(one.sub(FloatVector.fromArray(SPECIES, b, bo + i))).intoArray(out, oo + i);
        }
        super.mulComplement(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) { // σ(x) = 0.5 tanh(x/2) + 0.5
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i).mul(0.5f).max(-CLAMP).min(CLAMP);
            FloatVector v2 = v.mul(v);
            FloatVector p = v2.mul(A13).add(A11).mul(v2).add(A9).mul(v2).add(A7).mul(v2).add(A5).mul(v2).add(A3)
                    .mul(v2).add(A1).mul(v);
            FloatVector q = v2.mul(B6).add(B4).mul(v2).add(B2).mul(v2).add(B0);
            p.div(q).mul(0.5f).add(0.5f).intoArray(out, oo + i);
        }
        super.sigmoid(x, xo + i, out, oo + i, n - i);
    }

    @Override
    void tanh(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) { // Kernels.tanh(float), lane by lane
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i).max(-CLAMP).min(CLAMP);
            FloatVector v2 = v.mul(v);
            FloatVector p = v2.mul(A13).add(A11).mul(v2).add(A9).mul(v2).add(A7).mul(v2).add(A5).mul(v2).add(A3)
                    .mul(v2).add(A1).mul(v);
            FloatVector q = v2.mul(B6).add(B4).mul(v2).add(B2).mul(v2).add(B0);
            p.div(q).intoArray(out, oo + i);
        }
        super.tanh(x, xo + i, out, oo + i, n - i);
    }

    @Override
    void sigmoidGrad(float[] d, int dO, float[] s, int so, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector si = FloatVector.fromArray(SPECIES, s, so + i);
            FloatVector.fromArray(SPECIES, d, dO + i).mul(si).mul(one.sub(si)).intoArray(out, oo + i);
        }
        super.sigmoidGrad(d, dO + i, s, so + i, out, oo + i, n - i);
    }

    @Override
    void tanhGrad(float[] d, int dO, float[] t, int to, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector ti = FloatVector.fromArray(SPECIES, t, to + i);
            FloatVector.fromArray(SPECIES, d, dO + i).mul(one.sub(ti.mul(ti))).intoArray(out, oo + i);
        }
        super.tanhGrad(d, dO + i, t, to + i, out, oo + i, n - i);
    }

    @Override
    public void scale(float[] x, int xo, float s, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xo + i).mul(s).intoArray(x, xo + i);
        }
        super.scale(x, xo + i, s, n - i);
    }

    @Override
    float max(float[] x, int xo, int n) {
        FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            max = max.max(FloatVector.fromArray(SPECIES, x, xo + i));
        }
        return Math.max(max.reduceLanes(VectorOperators.MAX), super.max(x, xo + i, n - i)); // max is exact in any order
    }

    /**
     * Kernels.exp(float) lane by lane, summed into SUM_LANES partial sums kept in a small array, so
     * that the sums are the plain loop's whatever the lane count.
     */
    @Override
    float expSum(float[] x, int xo, float shift, int n, boolean store) {
        float[] partial = PARTIAL_SUMS.get();           // per thread: no garbage in the training step
        java.util.Arrays.fill(partial, 0f);
        int i = 0;
        for (int bound = n - n % SUM_LANES; i < bound; i += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, x, xo + i).sub(shift);
            FloatVector v = d.max(EXP_LOW).min(0f);
            FloatVector t = v.mul(LOG2E).add(ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = v.sub(k.mul(LN2_HI));
            r = r.sub(k.mul(LN2_LO));
            FloatVector p = r.mul(E7).add(E6).mul(r).add(E5).mul(r).add(E4).mul(r).add(E3).mul(r).add(E2);
            p = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector scale = t.reinterpretAsInts().add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scale).blend(0f, d.compare(VectorOperators.LT, EXP_LOW));
            int lane = i % SUM_LANES;
            FloatVector.fromArray(SPECIES, partial, lane).add(e).intoArray(partial, lane);
            if (store) {
                e.intoArray(x, xo + i);
            }
        }
        float sum = 0;
        for (float s : partial) {
            sum += s;
        }
        return sum + super.expSum(x, xo + i, shift, n - i, store); // fewer than SUM_LANES left: summed in order
    }

    @Override
    void scaleAndAccumulate(float[] x, int xo, float s, float[] acc, int ao, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i).mul(s);
            v.intoArray(x, xo + i);
            FloatVector.fromArray(SPECIES, acc, ao + i).add(v).intoArray(acc, ao + i);
        }
        super.scaleAndAccumulate(x, xo + i, s, acc, ao + i, n - i);
    }

    /** Three vectors: the register tile is 4 rows x 3 vectors, 12 accumulators (docs/measurements.md). */
    @Override
    int panelWidth() {
        return 3 * LANES;
    }

    /**
     * The 4 x 3-vector register tile: for each panel of B and each 4 rows of a, 12 accumulators take one
     * fused multiply-add per k from 3 loads of B and 4 broadcasts of a. Leftover rows go one at a time.
     * The packed panel (k x 48 floats) stays in L2 while every row passes over it.
     *
     * <p>Written out by hand, stores included: when a vector is passed to a helper that HotSpot does not
     * inline, C2 must allocate it as an object, and the whole loop then ran many times slower (docs/measurements.md).
     */
    @Override
    void multiply(float[] a, int aOffset, int m, PackedMatrix b, float[] c, int cOffset, boolean accumulate) {
        if (b.panelWidth != panelWidth()) {
            throw new IllegalArgumentException("B was packed for another implementation");
        }
        int k = b.k, n = b.n, w = 3 * LANES;
        float[] panels = b.panels;
        float[] tile = n % w == 0 ? null : TILE.get(); // rows of the last panel when it is narrower than w
        for (int p = 0; p * w < n; p++) {
            int base = p * k * w, column = p * w;
            boolean whole = column + w <= n;
            float[] out = whole ? c : tile;
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
                FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
                int a0 = aOffset + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
                for (int kk = 0; kk < k; kk++) {
                    int bo = base + kk * w;
                    FloatVector b0 = FloatVector.fromArray(SPECIES, panels, bo);
                    FloatVector b1 = FloatVector.fromArray(SPECIES, panels, bo + LANES);
                    FloatVector b2 = FloatVector.fromArray(SPECIES, panels, bo + 2 * LANES);
                    FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + kk]);
                    c00 = b0.fma(x, c00);
                    c01 = b1.fma(x, c01);
                    c02 = b2.fma(x, c02);
                    x = FloatVector.broadcast(SPECIES, a[a1 + kk]);
                    c10 = b0.fma(x, c10);
                    c11 = b1.fma(x, c11);
                    c12 = b2.fma(x, c12);
                    x = FloatVector.broadcast(SPECIES, a[a2 + kk]);
                    c20 = b0.fma(x, c20);
                    c21 = b1.fma(x, c21);
                    c22 = b2.fma(x, c22);
                    x = FloatVector.broadcast(SPECIES, a[a3 + kk]);
                    c30 = b0.fma(x, c30);
                    c31 = b1.fma(x, c31);
                    c32 = b2.fma(x, c32);
                }
                int at = whole ? cOffset + i * n + column : 0, stride = whole ? n : w;
                if (accumulate && whole) {
                    c00 = c00.add(FloatVector.fromArray(SPECIES, out, at));
                    c01 = c01.add(FloatVector.fromArray(SPECIES, out, at + LANES));
                    c02 = c02.add(FloatVector.fromArray(SPECIES, out, at + 2 * LANES));
                    c10 = c10.add(FloatVector.fromArray(SPECIES, out, at + stride));
                    c11 = c11.add(FloatVector.fromArray(SPECIES, out, at + stride + LANES));
                    c12 = c12.add(FloatVector.fromArray(SPECIES, out, at + stride + 2 * LANES));
                    c20 = c20.add(FloatVector.fromArray(SPECIES, out, at + 2 * stride));
                    c21 = c21.add(FloatVector.fromArray(SPECIES, out, at + 2 * stride + LANES));
                    c22 = c22.add(FloatVector.fromArray(SPECIES, out, at + 2 * stride + 2 * LANES));
                    c30 = c30.add(FloatVector.fromArray(SPECIES, out, at + 3 * stride));
                    c31 = c31.add(FloatVector.fromArray(SPECIES, out, at + 3 * stride + LANES));
                    c32 = c32.add(FloatVector.fromArray(SPECIES, out, at + 3 * stride + 2 * LANES));
                }
                c00.intoArray(out, at);
                c01.intoArray(out, at + LANES);
                c02.intoArray(out, at + 2 * LANES);
                c10.intoArray(out, at + stride);
                c11.intoArray(out, at + stride + LANES);
                c12.intoArray(out, at + stride + 2 * LANES);
                c20.intoArray(out, at + 2 * stride);
                c21.intoArray(out, at + 2 * stride + LANES);
                c22.intoArray(out, at + 2 * stride + 2 * LANES);
                c30.intoArray(out, at + 3 * stride);
                c31.intoArray(out, at + 3 * stride + LANES);
                c32.intoArray(out, at + 3 * stride + 2 * LANES);
                if (!whole) {
                    for (int r = 0; r < 4; r++) {
                        copyOut(tile, r * w, c, cOffset + (i + r) * n + column, n - column, accumulate);
                    }
                }
            }
            for (; i < m; i++) { // leftover rows, summed in the tile's order, so a row's result does not depend on its neighbours
                FloatVector c0 = FloatVector.zero(SPECIES), c1 = c0, c2 = c0;
                int a0 = aOffset + i * k;
                for (int kk = 0; kk < k; kk++) {
                    int bo = base + kk * w;
                    FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + kk]);
                    c0 = FloatVector.fromArray(SPECIES, panels, bo).fma(x, c0);
                    c1 = FloatVector.fromArray(SPECIES, panels, bo + LANES).fma(x, c1);
                    c2 = FloatVector.fromArray(SPECIES, panels, bo + 2 * LANES).fma(x, c2);
                }
                int at = whole ? cOffset + i * n + column : 0;
                if (accumulate && whole) {
                    c0 = c0.add(FloatVector.fromArray(SPECIES, out, at));
                    c1 = c1.add(FloatVector.fromArray(SPECIES, out, at + LANES));
                    c2 = c2.add(FloatVector.fromArray(SPECIES, out, at + 2 * LANES));
                }
                c0.intoArray(out, at);
                c1.intoArray(out, at + LANES);
                c2.intoArray(out, at + 2 * LANES);
                if (!whole) {
                    copyOut(tile, 0, c, cOffset + i * n + column, n - column, accumulate);
                }
            }
        }
    }

    private static void copyOut(float[] tile, int from, float[] c, int at, int count, boolean accumulate) {
        for (int j = 0; j < count; j++) {
            c[at + j] = accumulate ? c[at + j] + tile[from + j] : tile[from + j];
        }
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int offset, int n, float beta1, float oneMinusBeta1,
                     float beta2, float oneMinusBeta2, float step, float invSqrtCorrection2, float epsilon) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            int at = offset + i;
            FloatVector gi = FloatVector.fromArray(SPECIES, g, at);
            FloatVector mi = FloatVector.fromArray(SPECIES, m, at).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(SPECIES, v, at).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            mi.intoArray(m, at);
            vi.intoArray(v, at);
            FloatVector.fromArray(SPECIES, w, at).sub(mi.mul(step).div(vi.sqrt().mul(invSqrtCorrection2).add(epsilon))).intoArray(w, at);
        }
        super.adam(w, g, m, v, offset + i, n - i, beta1, oneMinusBeta1, beta2, oneMinusBeta2, step, invSqrtCorrection2, epsilon);
    }
}
