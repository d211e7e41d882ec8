package rnn.model;

import rnn.config.ModelConfig;
import rnn.config.Weight;

import java.util.Arrays;

/**
 * One recurrent layer run over a chunk of {@code seqLen} time steps for one worker's {@code rows}
 * streams: the loop over time around a {@link RecurrentStep}, which is the step sampling and eval take too. Activations are time-major: row t*rows + r is stream r
 * at step t.
 * <pre>
 *   forward    xw = x · Wx                              one product for all steps     [T*rows, G*H]
 *              per step t:  hw = h[t-1] · Wh            one product for all gates     [rows, G*H]
 *                           cell: gates = xw[t] + b, hw -> h[t] (and c[t])
 *   backward   per step t, last first: cell back -> dGates[t], dHw[t];  dh[t-1] = dHw[t] · Whᵀ
 *              then whole-sequence products:  dWx = xᵀ · dGates   dWh = h[0..T-1]ᵀ · dHw
 *                                             dx = dGates · Wxᵀ   db = Σ_rows dGates
 * </pre>
 * The whole-sequence products run in the BLAS on native arrays. Everything per step runs on the Java
 * heap: the per-step products by the route {@link ProductRoute#forTraining} chooses (packed, against
 * weights packed once per pass: a BLAS call repacks them every time, which at these shapes cost as much as
 * the arithmetic; or, without the Vector API, the BLAS), and the cell. Each step copies its rows between
 * the two once each way. Training keeps every step's arrays for the backward pass; inference (validation)
 * keeps two and alternates.
 * <p>
 * Records (a layer built with {@code resets}): a stream may start a new record at any step, and then its
 * state is zero before that step, as if the record ran alone: h[t-1] (and c[t-1]) of that row are replaced
 * by zeros for step t, and backward sends no gradient across the start. Each step then has an h[t-1] of its
 * own ({@code prevs}, the products' input) rather than the previous step's output; {@code NetworkTest} holds
 * a packed row to the same loss and gradients as its records run apart.
 */
final class RecurrentLayer {
    private final RecurrentStep step;
    private final Cell cell;
    private final int layer, input, hidden, width, seqLen, rows;
    private final float[] weights;                 // the model's weights on the heap (for b)
    private final Parameters.View wx, wh, b;
    private final TimeStepArrays[] steps;              // T: per step, or two alternating ones when not training
    private final float[][] masks;                 // T x [rows*H]: dropout masks of this layer's output; null if never
    private final float[] lockedMask;              // [rows*H]: this chunk's locked mask, the same at every t; null if never
    private final StepGradients grads;             // null when not training
    private final float[] dhNext;                  // [rows*H] gradient flowing from step t to h[t-1]
    private final float[] dropped;                 // [rows*H] h ⊙ mask, on its way to the native output
    private final NativeArray xw;                  // [T*rows, G*H]
    private final NativeArray hs;                  // [(T+1)*rows, H]: h[0] .. h[T]
    private final NativeArray droppedOut;          // [T*rows, H]: h[1..T] ⊙ mask, when dropout is on
    private final NativeArray dGates;              // [T*rows, G*H]: xw's memory again
    private final NativeArray dHw;                 // [T*rows, G*H] for GRU; else dGates
    private final NativeArray dx;                  // [T*rows, I]
    private final NativeArray prevs;               // [T*rows, H]: each step's h[t-1] as the product saw it; hs itself without resets
    private final boolean resets;                  // whether records may start mid-chunk (each step owns its h[t-1], c[t-1])
    private boolean[] starts;                      // the last forward's [T*rows] record starts of this worker's rows; null if none
    private boolean outputDropped;                 // whether the last forward applied dropout

    /**
     * @param gradients the worker's gradient of every weight (Parameters layout), which backward fills;
     *                  null for a layer that only runs forward (validation)
     * @param dropout   whether forward may apply dropout (then the masks are kept for backward)
     * @param products  the layer's per-step products for this worker's rows (h·Wh, and dh·Whᵀ to train)
     * @param resets    whether streams may start records mid-chunk (see the class comment)
     */
    RecurrentLayer(Parameters parameters, int layer, int seqLen, int rows, float[] gradients, boolean dropout,
                   LayerProducts products, boolean resets) {
        this.resets = resets;
        ModelConfig config = parameters.config();
        this.cell = Cell.of(parameters, layer);
        this.step = new RecurrentStep(cell, products);
        this.layer = layer;
        this.input = layer == 0 ? config.embed() : config.hidden();
        this.hidden = config.hidden();
        this.width = cell.width;
        this.seqLen = seqLen;
        this.rows = rows;
        this.weights = parameters.values();
        this.wx = parameters.view(Weight.Role.INPUT, layer);
        this.wh = parameters.view(Weight.Role.RECURRENT, layer);
        this.b = parameters.view(Weight.Role.BIAS, layer);
        boolean training = gradients != null;
        int n = rows * hidden;
        this.steps = new TimeStepArrays[seqLen];
        float[] hPrev = new float[n], cPrev = cell.hasCellState() ? new float[n] : null;
        float[] gates = null, h = null, c = null;
        float[] hw = new float[rows * width], aux = cell.gates > 1 ? new float[n] : null; // shared unless backward reads them
        for (int t = 0; t < seqLen; t++) {
            if (training || t < 2) {
                gates = new float[rows * width];
                h = new float[n];
                c = cell.hasCellState() ? new float[n] : null;
                if (training && cell.backwardReadsHw() && t > 0) {
                    hw = new float[rows * width];
                }
                if (training && cell.backwardReadsAux() && t > 0) {
                    aux = new float[n];
                }
            } else { // inference: step t reuses the arrays of step t-2
                gates = steps[t - 2].gates;
                h = steps[t - 2].h;
                c = steps[t - 2].c;
            }
            if (resets && t > 0) { // an h[t-1] of its own, which a record start zeroes without touching step t-1's output
                hPrev = training || t < 2 ? new float[n] : steps[t - 2].hPrev;
                cPrev = !cell.hasCellState() ? null : training || t < 2 ? new float[n] : steps[t - 2].cPrev;
            }
            steps[t] = new TimeStepArrays(gates, hw, hPrev, h, cPrev, c, aux);
            hPrev = h;
            cPrev = c;
        }
        long positions = (long) seqLen * rows; // T*rows
        this.masks = dropout ? new float[seqLen][n] : null;
        this.lockedMask = dropout ? new float[n] : null;
        this.dropped = dropout ? new float[n] : null;
        this.droppedOut = dropout ? new NativeArray(positions * hidden) : null;
        this.xw = new NativeArray(positions * width);
        this.hs = new NativeArray((positions + rows) * hidden);
        this.prevs = resets ? new NativeArray(positions * hidden) : hs;
        if (training) {
            this.grads = new StepGradients(cell, rows, gradients);
            this.dhNext = new float[n];
            this.dGates = xw; // x·Wx is consumed by forward; backward reuses its memory
            this.dHw = cell.addsToPreviousHidden() ? new NativeArray(positions * width) : dGates;
            this.dx = new NativeArray(positions * input);
        } else {
            this.grads = null;
            this.dhNext = null;
            this.dGates = this.dHw = this.dx = null;
        }
    }

    /** Where the last forward's output [T*rows, H] is: h[1..T] (after dropout when it was on). */
    NativeArray output() {
        return outputDropped ? droppedOut : hs;
    }

    long outputOffset() {
        return outputDropped ? 0 : (long) rows * hidden;
    }

    /**
     * Runs the chunk: x [T*rows, I] at xOffset of its native array -> {@link #output()}. Starts from the
     * state's rows [rowFrom, rowFrom + rows) and leaves the final h (and c) there. With dropout or locked
     * dropout the output is h ⊙ mask, the masks drawn for rows of a batch of {@code batch} streams from
     * maskSeed. Streams may start records: {@code recordStarts} [T*batch] (time-major, the whole batch's;
     * null: none) marks the steps before which a stream's state is zero. Needs a layer built with resets.
     */
    void forward(NativeArray x, long xOffset, NativeArray nativeWeights, RecurrentState state, int rowFrom, int batch,
                 Dropouts dropouts, long maskSeed, boolean[] recordStarts) {
        if (recordStarts != null && !resets) {
            throw new IllegalStateException("record starts need a layer built with resets");
        }
        int n = rows * hidden;
        if (recordStarts != null) {
            if (starts == null) {
                starts = new boolean[seqLen * rows];
            }
            for (int t = 0; t < seqLen; t++) {
                System.arraycopy(recordStarts, t * batch + rowFrom, starts, t * rows, rows);
            }
        } else {
            starts = null;
        }
        Blas.gemm(false, false, seqLen * rows, width, input, x, xOffset, nativeWeights, wx.offset(), 0f, xw, 0);
        TimeStepArrays first = steps[0];
        System.arraycopy(state.hiddens[layer], rowFrom * hidden, first.hPrev, 0, n);
        if (cell.hasCellState()) {
            System.arraycopy(state.cells[layer], rowFrom * hidden, first.cPrev, 0, n);
        }
        hs.upload(first.hPrev, 0, 0, n);
        outputDropped = dropouts.masksLayerOutputs();
        double dropout = dropouts.dropout(), locked = dropouts.locked();
        for (int r = 0; locked > 0 && r < rows; r++) { // element of the batch's [N, H]: drawn once, used at every t
            Dropout.fill(lockedMask, r * hidden, hidden, Dropout.lockedSeed(maskSeed, layer), (long) (rowFrom + r) * hidden, locked);
        }
        for (int t = 0; t < seqLen; t++) {
            TimeStepArrays s = steps[t];
            if (resets) { // h[t-1] as this step sees it: the last step's output, zero where a record starts
                if (t > 0) {
                    System.arraycopy(steps[t - 1].h, 0, s.hPrev, 0, n);
                    if (cell.hasCellState()) {
                        System.arraycopy(steps[t - 1].c, 0, s.cPrev, 0, n);
                    }
                }
                if (starts != null) {
                    RecurrentStep.startRecords(s, starts, t * rows, rows, hidden);
                }
                prevs.upload(s.hPrev, 0, (long) t * n, n); // dWh reads each step's h[t-1] as the product saw it
            }
            xw.download((long) t * rows * width, s.gates, 0, rows * width);
            for (int r = 0; r < rows; r++) {
                Cell.KERNELS.add(s.gates, r * width, weights, b.offset(), s.gates, r * width, width); // x·Wx + b
            }
            step.forward(s, null, 0, rows, 1);                                                // h[t-1]·Wh, the cell
            hs.upload(s.h, 0, (long) (t + 1) * n, n);
            if (outputDropped) {
                if (dropout > 0) {
                    for (int r = 0; r < rows; r++) {
                        long firstIndex = ((long) t * batch + rowFrom + r) * hidden; // element of the whole batch's [T*N, H]
                        Dropout.fill(masks[t], r * hidden, hidden, Dropout.layerSeed(maskSeed, layer), firstIndex, dropout);
                    }
                    if (locked > 0) {
                        Cell.KERNELS.mul(masks[t], 0, lockedMask, 0, masks[t], 0, n);     // both masks apply
                    }
                } else {
                    System.arraycopy(lockedMask, 0, masks[t], 0, n);                   // the locked mask alone
                }
                Cell.KERNELS.mul(s.h, 0, masks[t], 0, dropped, 0, n);
                droppedOut.upload(dropped, 0, (long) t * n, n);
            }
        }
        TimeStepArrays last = steps[seqLen - 1];
        System.arraycopy(last.h, 0, state.hiddens[layer], rowFrom * hidden, n);
        if (cell.hasCellState()) {
            System.arraycopy(last.c, 0, state.cells[layer], rowFrom * hidden, n);
        }
    }

    /**
     * Back-propagates the last forward: dOut [T*rows, H] (the gradient of {@link #output()}) -> dx
     * [T*rows, I], returned. Writes this layer's weight gradients into the worker's gradients (b and bhn
     * accumulated, so zeroed by the caller first), going through {@code nativeGradients} for the products.
     * The initial state is a constant (truncated BPTT).
     */
    NativeArray backward(NativeArray dOut, NativeArray x, long xOffset, NativeArray nativeWeights,
                         NativeArray nativeGradients) {
        int n = rows * hidden;
        StepGradients d = grads;
        float[] gradients = d.weights;
        Arrays.fill(dhNext, 0f);
        if (d.dc != null) {
            Arrays.fill(d.dc, 0f);
        }
        for (int t = seqLen - 1; t >= 0; t--) {
            TimeStepArrays s = steps[t];
            dOut.download((long) t * n, d.dh, 0, n);
            if (outputDropped) {
                Cell.KERNELS.mul(d.dh, 0, masks[t], 0, d.dh, 0, n);
            }
            Cell.KERNELS.add(d.dh, 0, dhNext, 0, d.dh, 0, n);                  // dh = dOut[t] + dh from step t+1
            step.backward(s, d, rows, dhNext, t == 0);                        // dh[t-1] into dhNext, unless t = 0
            for (int r = 0; r < rows; r++) {
                Cell.KERNELS.add(gradients, b.offset(), d.dGates, r * width, gradients, b.offset(), width); // db += dpre
            }
            dGates.upload(d.dGates, 0, (long) t * rows * width, rows * width);
            if (dHw != dGates) {
                dHw.upload(d.dHw, 0, (long) t * rows * width, rows * width);
            }
            if (starts != null) {
                RecurrentStep.endRecords(dhNext, d.dc, starts, t * rows, rows, hidden);
            }
        }
        int positions = seqLen * rows;
        Blas.gemm(true, false, input, width, positions, x, xOffset, dGates, 0, 0f, nativeGradients, wx.offset());   // dWx
        nativeGradients.download(wx.offset(), gradients, wx.offset(), wx.length());
        Blas.gemm(true, false, hidden, width, positions, prevs, 0, dHw, 0, 0f, nativeGradients, wh.offset());       // dWh
        nativeGradients.download(wh.offset(), gradients, wh.offset(), wh.length());
        Blas.gemm(false, true, positions, input, width, dGates, 0, nativeWeights, wx.offset(), 0f, dx, 0);          // dx
        return dx;
    }
}
