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
 * Long short-term memory, gates in the order i, f, g, o:
 * <pre>
 *   i = σ(pre_i)   f = σ(pre_f)   g = tanh(pre_g)   o = σ(pre_o)
 *   c[t] = f ⊙ c[t-1] + i ⊙ g
 *   h[t] = o ⊙ tanh(c[t])
 * </pre>
 */
final class Lstm extends RecurrentLayer {
    private static final int I = 0, F = 1, G = 2, O = 3;

    Lstm(String name, Parameters parameters, int inputSize, int hidden) {
        super(name, parameters, inputSize, hidden, 4);
    }

    /** Uniform ±1/sqrt(H), then forget-gate bias 1 so that early on the cell remembers (Jozefowicz et al. 2015). */
    @Override
    void initialize(Random random) {
        super.initialize(random);
        bGate[F].assign(1.0);
    }

    @Override
    boolean hasCellState() {
        return true;
    }

    @Override
    Buffers newBuffers(DataType dataType, int seqLen, int batch) {
        return new LstmBuffers(dataType, seqLen, batch, inputSize, hidden);
    }

    static final class LstmBuffers extends Buffers {
        final Sequence cs;        // [(T+1)*N, H]: c0, c1, ..., cT
        final Sequence tanhCs;    // [T*N, H]: tanh(c1) .. tanh(cT)
        final INDArray dc;        // [N, H] gradient reaching c[t]
        final INDArray dcNext;    // [N, H] gradient flowing from step t to c[t-1]

        LstmBuffers(DataType dataType, int seqLen, int batch, int inputSize, int hidden) {
            super(dataType, seqLen, batch, inputSize, hidden, 4);
            cs = new Sequence(dataType, seqLen + 1, batch, hidden);
            tanhCs = new Sequence(dataType, seqLen, batch, hidden);
            dc = Nd4j.zeros(dataType, batch, hidden);
            dcNext = Nd4j.zeros(dataType, batch, hidden);
        }
    }

    @Override
    void recurrence(Buffers buffers, RecurrentState.Layer state) {
        LstmBuffers buf = (LstmBuffers) buffers;
        buf.cs.at(0).assign(state.cell());
        for (int t = 0; t < buf.seqLen; t++) {
            INDArray hPrev = buf.hs.at(t), cPrev = buf.cs.at(t), c = buf.cs.at(t + 1), tanhC = buf.tanhCs.at(t);
            INDArray i = buf.pre[I].at(t), f = buf.pre[F].at(t), g = buf.pre[G].at(t), o = buf.pre[O].at(t);
            for (int k = 0; k < gates; k++) {
                gemm(hPrev, whGate[k], buf.pre[k].at(t), false, false, 1.0); // pre_k += h[t-1] · Wh_k
            }
            sigmoid(i);
            sigmoid(f);
            tanh(g, g);
            sigmoid(o);
            f.muli(cPrev, c);            // c = f ⊙ c[t-1]
            i.muli(g, buf.scratch);
            c.addi(buf.scratch);         //   + i ⊙ g
            tanh(c, tanhC);
            o.muli(tanhC, buf.hs.at(t + 1)); // h = o ⊙ tanh(c)
        }
        state.cell().assign(buf.cs.at(buf.seqLen));
    }

    @Override
    void recurrenceBackward(Buffers buffers) {
        LstmBuffers buf = (LstmBuffers) buffers;
        INDArray dh = buf.dh, dc = buf.dc, scratch = buf.scratch;
        buf.dhNext.assign(0);
        buf.dcNext.assign(0);
        for (int t = buf.seqLen - 1; t >= 0; t--) {
            INDArray i = buf.pre[I].at(t), f = buf.pre[F].at(t), g = buf.pre[G].at(t), o = buf.pre[O].at(t);
            INDArray tanhC = buf.tanhCs.at(t), cPrev = buf.cs.at(t);
            buf.dOut.at(t).addi(buf.dhNext, dh);                  // dh = dOut[t] + dh from step t+1
            // h = o ⊙ tanh(c):  dpre_o = dh ⊙ tanh(c) ⊙ σ'(o)
            sigmoidDerivative(o, scratch);
            dh.muli(tanhC, buf.dPre[O].at(t)).muli(scratch);
            //                   dc = dc from step t+1 + dh ⊙ o ⊙ (1 - tanh²(c))
            tanhDerivative(tanhC, scratch);
            scratch.muli(o).muli(dh);
            buf.dcNext.addi(scratch, dc);
            // c = f ⊙ c[t-1] + i ⊙ g
            sigmoidDerivative(f, scratch);
            dc.muli(cPrev, buf.dPre[F].at(t)).muli(scratch);       // dpre_f = dc ⊙ c[t-1] ⊙ σ'(f)
            sigmoidDerivative(i, scratch);
            dc.muli(g, buf.dPre[I].at(t)).muli(scratch);           // dpre_i = dc ⊙ g ⊙ σ'(i)
            tanhDerivative(g, scratch);
            dc.muli(i, buf.dPre[G].at(t)).muli(scratch);           // dpre_g = dc ⊙ i ⊙ tanh'(g)
            dc.muli(f, buf.dcNext);                                // dc[t-1] = dc ⊙ f
            for (int k = 0; k < gates; k++) {                      // dh[t-1] = Σ_k dpre_k · Wh_kᵀ
                gemm(buf.dPre[k].at(t), whGate[k], buf.dhNext, false, true, k == 0 ? 0.0 : 1.0);
            }
        }
    }
}
