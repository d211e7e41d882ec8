package rnn.model;

import java.util.Arrays;

/**
 * One time step of one recurrent layer, the same code for training, validation, eval and sampling: the
 * layer's products ({@link LayerProducts}, by the route chosen in {@link ProductRoute}) around its
 * {@link Cell}, forward and backward side by side.
 * <pre>
 *   forward    gates = x[t]·Wx + b      (on entry: b, or x·Wx + b computed for the whole sequence; or the
 *                                         first layer's table row; the products add x·Wx when given x)
 *              hw    = h[t-1]·Wh
 *              cell: gates, hw -> h[t] (and c[t])
 *   backward   cell back: dh[t] (and dc[t]) -> dGates, dHw (and the cell's own part of dh[t-1])
 *              dh[t-1] = dHw · Whᵀ (+ that part)
 * </pre>
 * Records: where a stream starts a record, its state before the step is zero ({@link #startRecords}) and
 * no gradient flows back into the record before ({@link #endRecords}), as if the record ran alone.
 */
final class RecurrentStep {
    final Cell cell;
    final LayerProducts products;

    RecurrentStep(Cell cell, LayerProducts products) {
        this.cell = cell;
        this.products = products;
    }

    /** Forward for rows [from, to) of s; x [rows, I] is the layer below's h, or null when gates hold x·Wx + b already. */
    void forward(TimeStepArrays s, float[] x, int from, int to, int threads) {
        long start = Profile.start();
        products.forward(x, s.hPrev, s.gates, s.hw, from, to, threads);
        Profile.stop(Profile.Part.STEP_PRODUCTS, start);
        start = Profile.start();
        cell.forward(s, from, to);
        Profile.stop(Profile.Part.CELLS, start);
    }

    /**
     * Backward for rows [0, rows) of the step s: from d.dh (and d.dc) to d.dGates and d.dHw (and d.dc of
     * step t-1); and, unless it is the first step of the chunk (whose h[t-1] is a constant: truncated BPTT),
     * dhPrev = d loss / d h[t-1].
     */
    void backward(TimeStepArrays s, StepGradients d, int rows, float[] dhPrev, boolean first) {
        long start = Profile.start();
        cell.backward(s, d, rows);
        Profile.stop(Profile.Part.CELLS, start);
        if (!first) {
            start = Profile.start();
            products.backward(d.dHw, dhPrev, rows);                                   // dHw · Whᵀ
            Profile.stop(Profile.Part.STEP_PRODUCTS, start);
            if (cell.addsToPreviousHidden()) {
                Cell.KERNELS.add(dhPrev, 0, d.dhPrev, 0, dhPrev, 0, rows * cell.hidden); // + the cell's own part
            }
        }
    }

    /** The state this step starts from is zero in the rows r where starts[at + r]: a record begins there. */
    static void startRecords(TimeStepArrays s, boolean[] starts, int at, int rows, int hidden) {
        for (int r = 0; r < rows; r++) {
            if (starts[at + r]) {
                Arrays.fill(s.hPrev, r * hidden, (r + 1) * hidden, 0f);
                if (s.cPrev != null) {
                    Arrays.fill(s.cPrev, r * hidden, (r + 1) * hidden, 0f);
                }
            }
        }
    }

    /** Where a record begins at this step, nothing flows back into the record before: dh[t-1] (and dc[t-1]) are zero. */
    static void endRecords(float[] dhPrev, float[] dcPrev, boolean[] starts, int at, int rows, int hidden) {
        for (int r = 0; r < rows; r++) {
            if (starts[at + r]) {
                Arrays.fill(dhPrev, r * hidden, (r + 1) * hidden, 0f);
                if (dcPrev != null) {
                    Arrays.fill(dcPrev, r * hidden, (r + 1) * hidden, 0f);
                }
            }
        }
    }
}
