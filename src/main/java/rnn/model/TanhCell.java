package rnn.model;

import rnn.config.CellType;

/** The plain (Elman) recurrent cell: h[t] = tanh(x[t]·Wx + b + h[t-1]·Wh). */
final class TanhCell extends Cell {

    TanhCell(int hidden) {
        super(hidden, CellType.RNN.gates());
    }

    @Override
    void forward(TimeStepArrays s, int from, int to) {
        int at = from * hidden, n = (to - from) * hidden;
        KERNELS.add(s.gates, at, s.hw, at, s.gates, at, n);
        KERNELS.tanh(s.gates, at, s.h, at, n);                                     // h = tanh(pre)
    }

    @Override
    void backward(TimeStepArrays s, StepGradients d, int rows) {
        KERNELS.tanhGrad(d.dh, 0, s.h, 0, d.dGates, 0, rows * hidden);             // dpre = dh ⊙ (1 - h²)
    }
}
