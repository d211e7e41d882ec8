package rnn.model.reference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * Inverted dropout, training only: out = x ⊙ mask, each mask value 0 or 1/(1-rate) as
 * {@link rnn.model.Dropout} draws them. The masks are built here from their definitions, element by
 * element ({@link #layerMask}, {@link #characterMask}), for the fused engine to be held to.
 */
final class Dropout {
    private final Map<Long, INDArray[]> buffersByShape = new HashMap<>(); // {mask, out, dx}, each [M, H]
    private INDArray[] last;

    /** Dropout after a layer, a fresh mask for every element of x [M, H]. */
    INDArray forward(INDArray x, double rate, long seed) {
        return forward(x, layerMask((int) x.size(0), (int) x.size(1), 1, rate, seed, 0, 0));
    }

    /** out = x ⊙ mask, mask [M*H] row-major. */
    INDArray forward(INDArray x, double[] mask) {
        last = buffersByShape.computeIfAbsent((x.size(0) << 32) | x.size(1), key -> new INDArray[] {
                Nd4j.zeros(x.dataType(), x.shape()), Nd4j.zeros(x.dataType(), x.shape()),
                Nd4j.zeros(x.dataType(), x.shape())});
        HostCopy.set(last[0], mask);
        return x.muli(last[0], last[1]);
    }

    INDArray backward(INDArray dOut) {
        return dOut.muli(last[0], last[2]);
    }

    /** For tests: the mask of the last forward, row-major. */
    double[] lastMask() {
        return HostCopy.values(last[0]);
    }

    /**
     * The mask of a layer's output [T*N, H] (row t*N + n is stream n at step t): element i's own draw from
     * {@code seed} at {@code rate} (none if 0), times a locked draw from {@code lockedSeed} at {@code locked}
     * (none if 0) that depends on the stream and unit only, (n, j) -> n*H + j, the same at every step.
     */
    static double[] layerMask(int rows, int hidden, int streams, double rate, long seed, double locked, long lockedSeed) {
        double[] mask = new double[rows * hidden];
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < hidden; j++) {
                int i = row * hidden + j;
                mask[i] = rate > 0 ? rnn.model.Dropout.mask(seed, i, rate) : 1;
                if (locked > 0) {
                    mask[i] *= rnn.model.Dropout.mask(lockedSeed, (long) (row % streams) * hidden + j, locked);
                }
            }
        }
        return mask;
    }

    /** The mask of the embedding rows [T*N, E] of ids [T*N]: symbol v's draw from {@code seed}, on every row holding v. */
    static double[] characterMask(int[] ids, int embed, double rate, long seed) {
        double[] mask = new double[ids.length * embed];
        for (int row = 0; row < ids.length; row++) {
            java.util.Arrays.fill(mask, row * embed, (row + 1) * embed, rnn.model.Dropout.mask(seed, ids[row], rate));
        }
        return mask;
    }
}
