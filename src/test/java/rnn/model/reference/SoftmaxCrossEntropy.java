package rnn.model.reference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * Sparse categorical cross-entropy on integer targets, mean over the M rows, in nats:
 * <pre>
 *   loss = -(1/M) Σ_r log softmax(logits[r])[target[r]]
 *   dlogits[r] = (softmax(logits[r]) - onehot(target[r])) / M
 * </pre>
 */
final class SoftmaxCrossEntropy {
    private final Map<Long, INDArray[]> buffersByShape = new HashMap<>(); // {logProbs, dLogits}, each [M, V]
    private INDArray[] last;
    private int[] lastTargets;

    /** The mean loss of logits [M, V] against targets [M]. */
    double forward(INDArray logits, int[] targets) {
        last = buffersByShape.computeIfAbsent((logits.size(0) << 32) | logits.size(1), key -> new INDArray[] {
                Nd4j.zeros(logits.dataType(), logits.shape()), Nd4j.zeros(logits.dataType(), logits.shape())});
        INDArray logProbs = last[0];
        Nd4j.exec(new LogSoftMax(logits, logProbs));
        double sum = 0;
        for (int r = 0; r < targets.length; r++) {
            sum -= logProbs.getDouble(r, targets[r]);
        }
        lastTargets = targets;
        return sum / targets.length;
    }

    /** Gradient of the last loss with respect to its logits, [M, V]. */
    INDArray backward() {
        INDArray dLogits = last[1];
        Nd4j.exec(new Exp(last[0], dLogits)); // softmax = exp(log softmax)
        for (int r = 0; r < lastTargets.length; r++) {
            dLogits.putScalar(r, lastTargets[r], dLogits.getDouble(r, lastTargets[r]) - 1.0);
        }
        return dLogits.muli(1.0 / lastTargets.length);
    }
}
