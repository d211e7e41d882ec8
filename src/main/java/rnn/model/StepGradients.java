package rnn.model;

/** The gradients of one layer's time step in the backward pass, for {@code rows} streams; reused step to step. */
final class StepGradients {
    final float[] dh;       // [rows, H]   in: dL/dh[t], from above and from step t+1
    final float[] dc;       // [rows, H]   LSTM: in dL/dc[t] from step t+1, out dL/dc[t-1]; else null
    final float[] dGates;   // [rows, G*H] out: dL/d(x·Wx + b)
    final float[] dHw;      // [rows, G*H] out: dL/d(h[t-1]·Wh); dGates itself except for GRU
    final float[] dhPrev;   // [rows, H]   out (GRU): the part of dL/dh[t-1] that does not pass through Wh
    final float[] scratch;  // [rows, H]
    final float[] weights;  // the worker's gradient of every weight (Parameters layout): cells add their own biases'

    StepGradients(Cell cell, int rows, float[] weights) {
        int n = rows * cell.hidden;
        this.dh = new float[n];
        this.dc = cell.hasCellState() ? new float[n] : null;
        this.dGates = new float[rows * cell.width];
        this.dHw = cell.addsToPreviousHidden() ? new float[rows * cell.width] : dGates;
        this.dhPrev = new float[n];
        this.scratch = new float[n];
        this.weights = weights;
    }
}
