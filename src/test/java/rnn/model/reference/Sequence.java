package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A time-major sequence of activations, [steps * batch, width], with one contiguous [batch, width]
 * view per time step made once up front, so the step loops allocate nothing.
 */
final class Sequence {
    final INDArray all;      // [steps * batch, width]
    private final INDArray[] steps; // steps x [batch, width] views into all

    Sequence(DataType dataType, int stepCount, int batch, int width) {
        this.all = Nd4j.zeros(dataType, (long) stepCount * batch, width);
        this.steps = new INDArray[stepCount];
        for (int t = 0; t < stepCount; t++) {
            steps[t] = rows(all, (long) t * batch, (long) (t + 1) * batch);
        }
    }

    INDArray at(int t) {
        return steps[t];
    }

    /** Rows [from, to) of a row-major matrix: a contiguous view. */
    static INDArray rows(INDArray matrix, long from, long to) {
        return matrix.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
