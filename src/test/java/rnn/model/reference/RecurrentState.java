package rnn.model.reference;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run carries from one chunk of text to the next: per layer the hidden state h [batch, hidden]
 * and, for LSTM, the cell state c [batch, hidden]. Created by {@link ReferenceModel#newState(int)}, zero at
 * start, reset explicitly (e.g. at each epoch start). Forward passes read it and leave the final state
 * in it; gradients never flow through it (truncated BPTT), so carrying it detaches it.
 */
public final class RecurrentState {
    /** One layer's state; {@code cell} is null for cells that have none (GRU, RNN). */
    public record Layer(INDArray hidden, INDArray cell) {
    }

    private final List<Layer> layers;
    private final int batch;

    RecurrentState(List<Layer> layers, int batch) {
        this.layers = List.copyOf(layers);
        this.batch = batch;
    }

    public int batch() {
        return batch;
    }

    Layer layer(int index) {
        return layers.get(index);
    }

    /** Back to the all-zero state of a fresh run. */
    public void reset() {
        for (Layer layer : layers) {
            layer.hidden.assign(0);
            if (layer.cell != null) {
                layer.cell.assign(0);
            }
        }
    }

    /** The arrays in a fixed order (h then c per layer), for saving and restoring. */
    public List<INDArray> arrays() {
        List<INDArray> arrays = new ArrayList<>();
        for (Layer layer : layers) {
            arrays.add(layer.hidden);
            if (layer.cell != null) {
                arrays.add(layer.cell);
            }
        }
        return arrays;
    }
}
