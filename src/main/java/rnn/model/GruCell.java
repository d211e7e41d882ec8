package rnn.model;

import rnn.config.CellType;

/**
 * Gated recurrent unit as in PyTorch and Keras (reset_after), gates in the order r, z, n:
 * <pre>
 *   r = σ(pre_r)    z = σ(pre_z)                    (pre_r, pre_z include h[t-1]·Wh)
 *   hn = h[t-1]·Wh_n + bhn
 *   n = tanh(x[t]·Wx_n + b_n + r ⊙ hn)
 *   h[t] = n + z ⊙ (h[t-1] - n)                     = (1 - z) ⊙ n + z ⊙ h[t-1]
 * </pre>
 */
final class GruCell extends Cell {
    private final float[] weights; // holds bhn [H] at bhnOffset
    private final int bhnOffset;

    GruCell(int hidden, Located bhn) {
        super(hidden, CellType.GRU.gates());
        this.weights = bhn.values();
        this.bhnOffset = bhn.offset();
    }

    @Override
    boolean addsToPreviousHidden() {
        return true;
    }

    @Override
    boolean backwardReadsHw() {
        return true;
    }

    @Override
    void forward(TimeStepArrays s, int from, int to) {
        int hh = hidden;
        float[] gates = s.gates, hw = s.hw;
        for (int r = from; r < to; r++) {
            int rz = r * width, n = rz + 2 * hh, u = r * hh;
            KERNELS.add(hw, n, weights, bhnOffset, hw, n, hh);                     // hn = h[t-1]·Wh_n + bhn
            KERNELS.add(gates, rz, hw, rz, gates, rz, 2 * hh);
            KERNELS.sigmoid(gates, rz, gates, rz, 2 * hh);                         // r, z
            KERNELS.addMul(gates, n, gates, rz, hw, n, hh);                        // pre_n + r ⊙ hn
            KERNELS.tanh(gates, n, gates, n, hh);                                  // n
            KERNELS.sub(s.hPrev, u, gates, n, s.aux, u, hh);                       // h = n + z ⊙ (h[t-1] - n)
            KERNELS.mul(gates, rz + hh, s.aux, u, s.aux, u, hh);
            KERNELS.add(gates, n, s.aux, u, s.h, u, hh);
        }
    }

    @Override
    void backward(TimeStepArrays s, StepGradients d, int rows) {
        int hh = hidden;
        float[] gates = s.gates, dGates = d.dGates, dHw = d.dHw;
        for (int r = 0; r < rows; r++) {
            int rr = r * width, z = rr + hh, n = rr + 2 * hh, u = r * hh;
            KERNELS.mulComplement(d.dh, u, gates, z, dGates, n, hh);               // dpre_n = dh ⊙ (1 - z) ⊙ tanh'(n)
            KERNELS.tanhGrad(dGates, n, gates, n, dGates, n, hh);
            KERNELS.sub(s.hPrev, u, gates, n, dGates, z, hh);                      // dpre_z = dh ⊙ (h[t-1] - n) ⊙ σ'(z)
            KERNELS.mul(dGates, z, d.dh, u, dGates, z, hh);
            KERNELS.sigmoidGrad(dGates, z, gates, z, dGates, z, hh);
            KERNELS.mul(dGates, n, gates, rr, dHw, n, hh);                         // dhn = dpre_n ⊙ r
            KERNELS.mul(dGates, n, s.hw, n, dGates, rr, hh);                       // dpre_r = dpre_n ⊙ hn ⊙ σ'(r)
            KERNELS.sigmoidGrad(dGates, rr, gates, rr, dGates, rr, hh);
            System.arraycopy(dGates, rr, dHw, rr, 2 * hh);                   // r and z enter h[t-1]·Wh as they enter pre
            KERNELS.mul(d.dh, u, gates, z, d.dhPrev, u, hh);                       // dh[t-1] gets dh ⊙ z directly
            KERNELS.add(d.weights, bhnOffset, dHw, n, d.weights, bhnOffset, hh);   // dbhn += dhn
        }
    }
}
