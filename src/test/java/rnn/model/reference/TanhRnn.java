package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static rnn.model.reference.Ops.gemm;
import static rnn.model.reference.Ops.tanh;
import static rnn.model.reference.Ops.tanhDerivative;

/** The plain (Elman) recurrent layer: h[t] = tanh(x[t] · Wx + b + h[t-1] · Wh). */
final class TanhRnn extends RecurrentLayer {

    TanhRnn(String name, Parameters parameters, int inputSize, int hidden) {
        super(name, parameters, inputSize, hidden, 1);
    }

    @Override
    Buffers newBuffers(DataType dataType, int seqLen, int batch) {
        return new Buffers(dataType, seqLen, batch, inputSize, hidden, 1);
    }

    @Override
    void recurrence(Buffers buf, RecurrentState.Layer state) {
        for (int t = 0; t < buf.seqLen; t++) {
            INDArray pre = buf.pre[0].at(t);
            gemm(buf.hs.at(t), whGate[0], pre, false, false, 1.0); // pre += h[t-1] · Wh
            tanh(pre, buf.hs.at(t + 1));                          // h = tanh(pre)
        }
    }

    @Override
    void recurrenceBackward(Buffers buf) {
        buf.dhNext.assign(0);
        for (int t = buf.seqLen - 1; t >= 0; t--) {
            INDArray dPre = buf.dPre[0].at(t);
            buf.dOut.at(t).addi(buf.dhNext, buf.dh);              // dh = dOut[t] + dh from step t+1
            tanhDerivative(buf.hs.at(t + 1), buf.scratch);
            buf.dh.muli(buf.scratch, dPre);                       // dpre = dh ⊙ (1 - h²)
            gemm(dPre, whGate[0], buf.dhNext, false, true, 0.0);  // dh[t-1] = dpre · Whᵀ
        }
    }
}
