package rnn.model;

import rnn.config.CellType;

/**
 * Long short-term memory, gates in the order i, f, g, o:
 * <pre>
 *   i = σ(pre_i)   f = σ(pre_f)   g = tanh(pre_g)   o = σ(pre_o)
 *   c[t] = f ⊙ c[t-1] + i ⊙ g
 *   h[t] = o ⊙ tanh(c[t])
 * </pre>
 */
final class LstmCell extends Cell {
    static final int INPUT = 0, FORGET = 1, CANDIDATE = 2, OUTPUT = 3;

    LstmCell(int hidden) {
        super(hidden, CellType.LSTM.gates());
    }

    @Override
    boolean hasCellState() {
        return true;
    }

    @Override
    boolean backwardReadsAux() {
        return true;
    }

    @Override
    void forward(TimeStepArrays s, int from, int to) {
        int hh = hidden;
        float[] gates = s.gates;
        KERNELS.add(gates, from * width, s.hw, from * width, gates, from * width, (to - from) * width); // pre = x·Wx + b + h[t-1]·Wh
        for (int r = from; r < to; r++) {
            int i = r * width, f = i + hh, g = i + 2 * hh, o = i + 3 * hh, u = r * hh;
            KERNELS.sigmoid(gates, i, gates, i, 2 * hh);                           // i, f
            KERNELS.tanh(gates, g, gates, g, hh);                                  // g
            KERNELS.sigmoid(gates, o, gates, o, hh);                               // o
            KERNELS.mul(gates, f, s.cPrev, u, s.c, u, hh);                         // c = f ⊙ c[t-1]
            KERNELS.addMul(s.c, u, gates, i, gates, g, hh);                        //   + i ⊙ g
            KERNELS.tanh(s.c, u, s.aux, u, hh);
            KERNELS.mul(gates, o, s.aux, u, s.h, u, hh);                           // h = o ⊙ tanh(c)
        }
    }

    @Override
    void backward(TimeStepArrays s, StepGradients d, int rows) {
        int hh = hidden;
        float[] gates = s.gates, dGates = d.dGates, tanhC = s.aux, dc = d.dc;
        for (int r = 0; r < rows; r++) {
            int i = r * width, f = i + hh, g = i + 2 * hh, o = i + 3 * hh, u = r * hh;
            KERNELS.mul(d.dh, u, tanhC, u, dGates, o, hh);                         // dpre_o = dh ⊙ tanh(c) ⊙ σ'(o)
            KERNELS.sigmoidGrad(dGates, o, gates, o, dGates, o, hh);
            KERNELS.mul(d.dh, u, gates, o, d.scratch, u, hh);                      // dc += dh ⊙ o ⊙ (1 - tanh²(c))
            KERNELS.tanhGrad(d.scratch, u, tanhC, u, d.scratch, u, hh);
            KERNELS.add(dc, u, d.scratch, u, dc, u, hh);
            KERNELS.mul(dc, u, s.cPrev, u, dGates, f, hh);                         // dpre_f = dc ⊙ c[t-1] ⊙ σ'(f)
            KERNELS.sigmoidGrad(dGates, f, gates, f, dGates, f, hh);
            KERNELS.mul(dc, u, gates, g, dGates, i, hh);                           // dpre_i = dc ⊙ g ⊙ σ'(i)
            KERNELS.sigmoidGrad(dGates, i, gates, i, dGates, i, hh);
            KERNELS.mul(dc, u, gates, i, dGates, g, hh);                           // dpre_g = dc ⊙ i ⊙ tanh'(g)
            KERNELS.tanhGrad(dGates, g, gates, g, dGates, g, hh);
            KERNELS.mul(dc, u, gates, f, dc, u, hh);                               // dc[t-1] = dc ⊙ f
        }
    }
}
