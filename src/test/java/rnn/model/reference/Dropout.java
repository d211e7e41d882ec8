package rnn.model.reference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * Inverted dropout between layers, training only: out = x ⊙ mask, where mask is 1/(1-rate) with
 * probability 1-rate and 0 otherwise, as {@link rnn.model.Dropout} draws them.
 */
final class Dropout {
    private final Map<Long, INDArray[]> buffersByShape = new HashMap<>(); // {mask, out, dx}, each [M, H]
    private INDArray[] last;

    INDArray forward(INDArray x, double rate, long seed) {
        last = buffersByShape.computeIfAbsent((x.size(0) << 32) | x.size(1), key -> new INDArray[] {
                Nd4j.zeros(x.dataType(), x.shape()), Nd4j.zeros(x.dataType(), x.shape()),
                Nd4j.zeros(x.dataType(), x.shape())});
        INDArray mask = last[0];
        double[] values = new double[(int) mask.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnn.model.Dropout.mask(seed, i, rate); // the same masks as the fused engine
        }
        HostCopy.set(mask, values);
        return x.muli(mask, last[1]);
    }

    INDArray backward(INDArray dOut) {
        return dOut.muli(last[0], last[2]);
    }

    /** For tests: the mask of the last forward, row-major. */
    double[] lastMask() {
        return HostCopy.values(last[0]);
    }
}
