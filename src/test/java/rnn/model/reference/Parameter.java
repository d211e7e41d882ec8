package rnn.model.reference;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable array and its gradient, of the same shape. Weights are not state: a {@link RecurrentState}
 * holds what a run carries from step to step; a Parameter holds what training learns.
 */
public record Parameter(String name, INDArray value, INDArray grad) {
    public long size() {
        return value.length();
    }
}
