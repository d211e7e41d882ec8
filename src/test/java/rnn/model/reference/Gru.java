package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static rnn.model.reference.Ops.gemm;
import static rnn.model.reference.Ops.sigmoid;
import static rnn.model.reference.Ops.sigmoidDerivative;
import static rnn.model.reference.Ops.tanh;
import static rnn.model.reference.Ops.tanhDerivative;

/**
 * Gated recurrent unit as in PyTorch and Keras (reset_after), gates in the order r, z, n:
 * <pre>
 *   r = σ(pre_r)    z = σ(pre_z)            (pre_k includes h[t-1] · Wh_k)
 *   hn = h[t-1] · Wh_n + bhn
 *   n = tanh(x[t] · Wx_n + b_n + r ⊙ hn)
 *   h[t] = (1 - z) ⊙ n + z ⊙ h[t-1]
 * </pre>
 */
final class Gru extends RecurrentLayer {
    private static final int R = 0, Z = 1, N = 2;
    private final Parameter bhn; // [H]: the bias inside r ⊙ (...), which cannot fold into b_n

    Gru(String name, Parameters parameters, int inputSize, int hidden) {
        super(name, parameters, inputSize, hidden, 3);
        this.bhn = parameters.add(name + ".bhn", hidden);
    }

    @Override
    void initialize(Random random) {
        super.initialize(random);
        Parameters.uniform(bhn.value(), 1.0 / Math.sqrt(hidden), random);
    }

    @Override
    Buffers newBuffers(DataType dataType, int seqLen, int batch) {
        return new GruBuffers(dataType, seqLen, batch, inputSize, hidden);
    }

    static final class GruBuffers extends Buffers {
        final Sequence hn;        // [T*N, H]: h[t-1] · Wh_n + bhn
        final Sequence dHn;       // [T*N, H]
        final INDArray scratch2;  // [N, H]

        GruBuffers(DataType dataType, int seqLen, int batch, int inputSize, int hidden) {
            super(dataType, seqLen, batch, inputSize, hidden, 3);
            hn = new Sequence(dataType, seqLen, batch, hidden);
            dHn = new Sequence(dataType, seqLen, batch, hidden);
            scratch2 = Nd4j.zeros(dataType, batch, hidden);
            // Wh_n multiplies h[t-1] outside pre_n, so its gradient comes from dhn, not dpre_n.
            dRecurrent = new Sequence[] {dPre[R], dPre[Z], dHn};
        }
    }

    @Override
    void recurrence(Buffers buffers, RecurrentState.Layer state) {
        GruBuffers buf = (GruBuffers) buffers;
        for (int t = 0; t < buf.seqLen; t++) {
            INDArray hPrev = buf.hs.at(t), hn = buf.hn.at(t);
            INDArray r = buf.pre[R].at(t), z = buf.pre[Z].at(t), n = buf.pre[N].at(t);
            gemm(hPrev, whGate[R], r, false, false, 1.0);  // pre_r += h[t-1] · Wh_r
            gemm(hPrev, whGate[Z], z, false, false, 1.0);  // pre_z += h[t-1] · Wh_z
            gemm(hPrev, whGate[N], hn, false, false, 0.0); // hn = h[t-1] · Wh_n + bhn
            hn.addiRowVector(bhn.value());
            sigmoid(r);
            sigmoid(z);
            r.muli(hn, buf.scratch);
            n.addi(buf.scratch);
            tanh(n, n);                                     // n = tanh(pre_n + r ⊙ hn)
            hPrev.subi(n, buf.scratch).muli(z);
            n.addi(buf.scratch, buf.hs.at(t + 1));          // h = n + z ⊙ (h[t-1] - n)
        }
    }

    @Override
    void recurrenceBackward(Buffers buffers) {
        GruBuffers buf = (GruBuffers) buffers;
        INDArray dh = buf.dh, scratch = buf.scratch, scratch2 = buf.scratch2;
        buf.dhNext.assign(0);
        for (int t = buf.seqLen - 1; t >= 0; t--) {
            INDArray hPrev = buf.hs.at(t), hn = buf.hn.at(t);
            INDArray r = buf.pre[R].at(t), z = buf.pre[Z].at(t), n = buf.pre[N].at(t);
            INDArray dPreR = buf.dPre[R].at(t), dPreZ = buf.dPre[Z].at(t), dPreN = buf.dPre[N].at(t);
            buf.dOut.at(t).addi(buf.dhNext, dh);         // dh = dOut[t] + dh from step t+1
            // h = (1 - z) ⊙ n + z ⊙ h[t-1]
            z.rsubi(1.0, scratch).muli(dh);              // dn = dh ⊙ (1 - z)
            tanhDerivative(n, scratch2);
            scratch.muli(scratch2, dPreN);               // dpre_n = dn ⊙ tanh'(n)
            sigmoidDerivative(z, scratch2);
            hPrev.subi(n, scratch).muli(dh);
            scratch.muli(scratch2, dPreZ);               // dpre_z = dh ⊙ (h[t-1] - n) ⊙ σ'(z)
            // n = tanh(... + r ⊙ hn)
            dPreN.muli(r, buf.dHn.at(t));                // dhn = dpre_n ⊙ r
            sigmoidDerivative(r, scratch2);
            dPreN.muli(hn, dPreR).muli(scratch2);        // dpre_r = dpre_n ⊙ hn ⊙ σ'(r)
            // dh[t-1] = dh ⊙ z + dpre_r · Wh_rᵀ + dpre_z · Wh_zᵀ + dhn · Wh_nᵀ
            dh.muli(z, buf.dhNext);
            gemm(dPreR, whGate[R], buf.dhNext, false, true, 1.0);
            gemm(dPreZ, whGate[Z], buf.dhNext, false, true, 1.0);
            gemm(buf.dHn.at(t), whGate[N], buf.dhNext, false, true, 1.0);
        }
        buf.dHn.all.sum(bhn.grad(), 0);                  // dbhn = Σ_rows dhn
    }
}
