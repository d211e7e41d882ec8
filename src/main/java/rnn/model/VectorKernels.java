package rnn.model;

import jdk.incubator.vector.FloatVector;
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

/**
 * {@link Kernels} in SIMD lanes with the JDK's Vector API: the widest species this CPU has (16 floats
 * with AVX-512, 8 with AVX2, 4 with NEON), chosen when the JVM starts. Each pass runs the lanes over
 * the largest multiple of the lane count and leaves the rest to the plain loop, with the same
 * operations in the same order, so the results are the same bits. Loaded only when the
 * jdk.incubator.vector module is present.
 *
 * <p>Each pass is one short loop: a single loop computing all of an LSTM step's gates at once ran 2.5x
 * slower, its vectors spilled out of registers (README, "Measured").
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    @Override
    public String describe() {
        return "Vector API, " + LANES + " floats per lane";
    }

    private static FloatVector load(float[] array, int offset) {
        return FloatVector.fromArray(SPECIES, array, offset);
    }

    /** Kernels.tanh(float), lane by lane. */
    private static FloatVector tanh(FloatVector x) {
        x = x.max(-CLAMP).min(CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.mul(A13).add(A11);
        p = p.mul(x2).add(A9);
        p = p.mul(x2).add(A7);
        p = p.mul(x2).add(A5);
        p = p.mul(x2).add(A3);
        p = p.mul(x2).add(A1);
        p = p.mul(x);
        FloatVector q = x2.mul(B6).add(B4);
        q = q.mul(x2).add(B2);
        q = q.mul(x2).add(B0);
        return p.div(q);
    }

    @Override
    void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(a, ao + i).add(load(b, bo + i)).intoArray(out, oo + i);
        }
        super.add(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(a, ao + i).sub(load(b, bo + i)).intoArray(out, oo + i);
        }
        super.sub(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(a, ao + i).mul(load(b, bo + i)).intoArray(out, oo + i);
        }
        super.mul(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void addMul(float[] out, int oo, float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(out, oo + i).add(load(a, ao + i).mul(load(b, bo + i))).intoArray(out, oo + i);
        }
        super.addMul(out, oo + i, a, ao + i, b, bo + i, n - i);
    }

    @Override
    void mulComplement(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(a, ao + i).mul(one.sub(load(b, bo + i))).intoArray(out, oo + i);
        }
        super.mulComplement(a, ao + i, b, bo + i, out, oo + i, n - i);
    }

    @Override
    void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            tanh(load(x, xo + i).mul(0.5f)).mul(0.5f).add(0.5f).intoArray(out, oo + i);
        }
        super.sigmoid(x, xo + i, out, oo + i, n - i);
    }

    @Override
    void tanh(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            tanh(load(x, xo + i)).intoArray(out, oo + i);
        }
        super.tanh(x, xo + i, out, oo + i, n - i);
    }

    @Override
    void sigmoidGrad(float[] d, int dO, float[] s, int so, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector si = load(s, so + i);
            load(d, dO + i).mul(si).mul(one.sub(si)).intoArray(out, oo + i);
        }
        super.sigmoidGrad(d, dO + i, s, so + i, out, oo + i, n - i);
    }

    @Override
    void tanhGrad(float[] d, int dO, float[] t, int to, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector ti = load(t, to + i);
            load(d, dO + i).mul(one.sub(ti.mul(ti))).intoArray(out, oo + i);
        }
        super.tanhGrad(d, dO + i, t, to + i, out, oo + i, n - i);
    }

    @Override
    public void scale(float[] x, int xo, float s, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(x, xo + i).mul(s).intoArray(x, xo + i);
        }
        super.scale(x, xo + i, s, n - i);
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int offset, int n, float beta1, float oneMinusBeta1,
                     float beta2, float oneMinusBeta2, float step, float invSqrtCorrection2, float epsilon) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            int at = offset + i;
            FloatVector gi = load(g, at);
            FloatVector mi = load(m, at).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = load(v, at).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            mi.intoArray(m, at);
            vi.intoArray(v, at);
            load(w, at).sub(mi.mul(step).div(vi.sqrt().mul(invSqrtCorrection2).add(epsilon))).intoArray(w, at);
        }
        super.adam(w, g, m, v, offset + i, n - i, beta1, oneMinusBeta1, beta2, oneMinusBeta2, step, invSqrtCorrection2, epsilon);
    }
}
