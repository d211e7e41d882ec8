package rnn.model;

/**
 * One layer's arrays at one time step, for {@code rows} streams side by side (row-major). Training keeps
 * one per time step for the backward pass; sampling keeps one per layer and steps in place (h is hPrev,
 * c is cPrev).
 */
final class TimeStepArrays {
    final float[] gates;  // [rows, G*H] in: x·Wx + b; out: what backward needs (the activated gates)
    final float[] hw;     // [rows, G*H] in: h[t-1]·Wh (GRU adds bhn and keeps it for backward)
    final float[] hPrev;  // [rows, H]   h[t-1]
    final float[] h;      // [rows, H]   out: h[t]
    final float[] cPrev;  // [rows, H]   LSTM: c[t-1]; else null
    final float[] c;      // [rows, H]   LSTM: out c[t]; else null
    final float[] aux;    // [rows, H]   LSTM: out tanh(c[t]); GRU: scratch; RNN: null

    TimeStepArrays(float[] gates, float[] hw, float[] hPrev, float[] h, float[] cPrev, float[] c, float[] aux) {
        this.gates = gates;
        this.hw = hw;
        this.hPrev = hPrev;
        this.h = h;
        this.cPrev = cPrev;
        this.c = c;
        this.aux = aux;
    }
}
