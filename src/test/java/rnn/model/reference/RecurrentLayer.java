package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static rnn.model.reference.Ops.gemm;

/**
 * What every recurrent layer shares: G gate projections of the input and of the previous hidden state,
 * <pre>
 *   pre_k[t] = x[t] · Wx_k + b_k + h[t-1] · Wh_k      for each gate k
 * </pre>
 * The input half is one GEMM per gate over all time steps at once; only h · Wh runs step by step, into
 * preallocated per-step views. The weight gradients are likewise one GEMM per gate over the whole
 * sequence after the backward step loop. Subclasses write the recurrence itself (forward and backward).
 *
 * <p>Activations are time-major 2-D arrays [seqLen * batch, width]; every gate has its own contiguous
 * array, since element-wise ops on strided column blocks are many times slower in ND4J.
 */
abstract class RecurrentLayer {
    final int inputSize;
    final int hidden;
    final int gates;
    final Parameter wx; // [G, I, H]
    final Parameter wh; // [G, H, H]
    final Parameter b;  // [G, H]
    // Per-gate views, made once: [I, H], [H, H], [H] and the same for the gradients.
    final INDArray[] wxGate, whGate, bGate, wxGrad, whGrad, bGrad;

    private final Map<Long, Buffers> buffersByShape = new HashMap<>();
    private Buffers last;
    private INDArray lastInput;

    RecurrentLayer(String name, Parameters parameters, int inputSize, int hidden, int gates) {
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.gates = gates;
        this.wx = parameters.add(name + ".wx", gates, inputSize, hidden);
        this.wh = parameters.add(name + ".wh", gates, hidden, hidden);
        this.b = parameters.add(name + ".b", gates, hidden);
        wxGate = slices(wx.value());
        whGate = slices(wh.value());
        bGate = slices(b.value());
        wxGrad = slices(wx.grad());
        whGrad = slices(wh.grad());
        bGrad = slices(b.grad());
    }

    private INDArray[] slices(INDArray array) {
        INDArray[] views = new INDArray[gates];
        for (int k = 0; k < gates; k++) {
            views[k] = array.rank() == 3
                    ? array.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all())
                    : array.get(NDArrayIndex.point(k), NDArrayIndex.all());
        }
        return views;
    }

    /** PyTorch's default: every weight and bias uniform in ±1/sqrt(H). */
    void initialize(Random random) {
        double bound = 1.0 / Math.sqrt(hidden);
        Parameters.uniform(wx.value(), bound, random);
        Parameters.uniform(wh.value(), bound, random);
        Parameters.uniform(b.value(), bound, random);
    }

    /** Whether this cell carries a cell state c besides h (LSTM only). */
    boolean hasCellState() {
        return false;
    }

    /**
     * Runs the layer over a chunk: x [seqLen * batch, I] -> h [seqLen * batch, H]. Starts from the
     * state's h (and c), leaves the final ones in it. The returned array is this layer's buffer: valid
     * until the next forward with the same shape.
     */
    final INDArray forward(INDArray x, int seqLen, RecurrentState.Layer state) {
        int batch = (int) state.hidden().size(0);
        Buffers buffers = buffersByShape.computeIfAbsent(((long) seqLen << 32) | batch,
                key -> newBuffers(x.dataType(), seqLen, batch));
        // pre_k = x · Wx_k + b_k for all time steps at once.
        for (int k = 0; k < gates; k++) {
            gemm(x, wxGate[k], buffers.pre[k].all, false, false, 0.0);
            buffers.pre[k].all.addiRowVector(bGate[k]);
        }
        buffers.hs.at(0).assign(state.hidden());
        recurrence(buffers, state);
        state.hidden().assign(buffers.hs.at(seqLen));
        last = buffers;
        lastInput = x;
        return buffers.output;
    }

    /**
     * Back-propagates through the last forward: dOut [seqLen * batch, H] -> dx [seqLen * batch, I].
     * Sets (not accumulates) every gradient of this layer. The initial state is a constant (truncated BPTT).
     */
    final INDArray backward(INDArray dOut) {
        Buffers buffers = last;
        buffers.dOut.all.assign(dOut);
        recurrenceBackward(buffers);
        for (int k = 0; k < gates; k++) {
            gemm(lastInput, buffers.dPre[k].all, wxGrad[k], true, false, 0.0);          // dWx_k = xᵀ · dpre_k
            gemm(buffers.hsPrevious, buffers.dRecurrent[k].all, whGrad[k], true, false, 0.0); // dWh_k = hprevᵀ · drec_k
            buffers.dPre[k].all.sum(bGrad[k], 0);                                       // db_k = Σ_rows dpre_k
            gemm(buffers.dPre[k].all, wxGate[k], buffers.dInput, false, true, k == 0 ? 0.0 : 1.0); // dx += dpre_k · Wx_kᵀ
        }
        return buffers.dInput;
    }

    abstract Buffers newBuffers(DataType dataType, int seqLen, int batch);

    /** The step loop: reads pre (input half filled in) and hs.at(0), fills hs.at(1..seqLen). */
    abstract void recurrence(Buffers buffers, RecurrentState.Layer state);

    /**
     * The backward step loop: reads dOut, fills dPre (gradient of each gate's pre-activation) and
     * dRecurrent (gradient of each h · Wh_k product, which is dPre for most cells).
     */
    abstract void recurrenceBackward(Buffers buffers);

    /** Activations of one chunk shape, allocated once per (seqLen, batch) and reused. */
    static class Buffers {
        final int seqLen;
        final int batch;
        final Sequence[] pre;        // G x [T*N, H]: pre-activations, then activations in place
        final Sequence[] dPre;       // G x [T*N, H]
        Sequence[] dRecurrent;       // G x [T*N, H]: aliases dPre unless a cell says otherwise
        final Sequence hs;           // [(T+1)*N, H]: h0, h1, ..., hT
        final INDArray hsPrevious;   // [T*N, H] view of hs: h0 .. h(T-1)
        final INDArray output;       // [T*N, H] view of hs: h1 .. hT
        final Sequence dOut;         // [T*N, H]
        final INDArray dInput;       // [T*N, I]
        final INDArray dh;           // [N, H] gradient reaching h[t]
        final INDArray dhNext;       // [N, H] gradient flowing from step t to h[t-1]
        final INDArray scratch;      // [N, H]

        Buffers(DataType dataType, int seqLen, int batch, int inputSize, int hidden, int gates) {
            this.seqLen = seqLen;
            this.batch = batch;
            pre = new Sequence[gates];
            dPre = new Sequence[gates];
            for (int k = 0; k < gates; k++) {
                pre[k] = new Sequence(dataType, seqLen, batch, hidden);
                dPre[k] = new Sequence(dataType, seqLen, batch, hidden);
            }
            dRecurrent = dPre;
            hs = new Sequence(dataType, seqLen + 1, batch, hidden);
            hsPrevious = Sequence.rows(hs.all, 0, (long) seqLen * batch);
            output = Sequence.rows(hs.all, batch, (long) (seqLen + 1) * batch);
            dOut = new Sequence(dataType, seqLen, batch, hidden);
            dInput = Nd4j.zeros(dataType, (long) seqLen * batch, inputSize);
            dh = Nd4j.zeros(dataType, batch, hidden);
            dhNext = Nd4j.zeros(dataType, batch, hidden);
            scratch = Nd4j.zeros(dataType, batch, hidden);
        }
    }
}
