package rnn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a training or validation run carries from one chunk of text to the next: per layer the hidden
 * state h [batch, hidden] and, for LSTM, the cell state c [batch, hidden]. Created zero by
 * {@link Network#newState(int)}, reset explicitly (at each epoch start). A forward pass reads it and
 * leaves the final state in it; gradients never flow through it (truncated BPTT), so carrying it
 * detaches it.
 */
public final class RecurrentState {
    final int batch;
    final int hidden;
    final float[][] hiddens; // [L][batch * H]
    final float[][] cells;   // [L][batch * H]; null entries for cells without a cell state

    RecurrentState(int layers, int batch, int hidden, boolean cellState) {
        this.batch = batch;
        this.hidden = hidden;
        this.hiddens = new float[layers][batch * hidden];
        this.cells = new float[layers][];
        for (int l = 0; l < layers; l++) {
            cells[l] = cellState ? new float[batch * hidden] : null;
        }
    }

    public int batch() {
        return batch;
    }

    /** Back to the all-zero state of a fresh run. */
    public void reset() {
        for (int l = 0; l < hiddens.length; l++) {
            Arrays.fill(hiddens[l], 0f);
            if (cells[l] != null) {
                Arrays.fill(cells[l], 0f);
            }
        }
    }

    /** The arrays in a fixed order (h then c per layer), each [batch, hidden] row-major, for saving and restoring. */
    public List<float[]> arrays() {
        List<float[]> arrays = new ArrayList<>();
        for (int l = 0; l < hiddens.length; l++) {
            arrays.add(hiddens[l]);
            if (cells[l] != null) {
                arrays.add(cells[l]);
            }
        }
        return arrays;
    }

    /** The shape of each of {@link #arrays()}. */
    public long[] arrayShape() {
        return new long[] {batch, hidden};
    }
}
