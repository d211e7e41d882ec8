package rnn.model.reference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static rnn.model.reference.Ops.gemm;

/** The output projection: logits = x · W + b, x [M, H], W [H, V], b [V]. */
final class Dense {
    final Parameter weight; // [H, V]
    final Parameter bias;   // [V]
    private final Map<Integer, INDArray[]> buffersByRows = new HashMap<>(); // {logits [M, V], dx [M, H]}
    private INDArray lastInput;
    private INDArray[] last;

    Dense(Parameters parameters, int inputSize, int outputSize) {
        this.weight = parameters.add("output.weight", inputSize, outputSize);
        this.bias = parameters.add("output.bias", outputSize);
    }

    /** PyTorch's nn.Linear default: uniform ±1/sqrt(fan_in). */
    void initialize(Random random) {
        double bound = 1.0 / Math.sqrt(weight.value().size(0));
        Parameters.uniform(weight.value(), bound, random);
        Parameters.uniform(bias.value(), bound, random);
    }

    INDArray forward(INDArray x) {
        int rows = (int) x.size(0);
        last = buffersByRows.computeIfAbsent(rows, m -> new INDArray[] {
                Nd4j.zeros(x.dataType(), m, weight.value().size(1)),
                Nd4j.zeros(x.dataType(), m, weight.value().size(0))});
        INDArray logits = last[0];
        gemm(x, weight.value(), logits, false, false, 0.0);
        logits.addiRowVector(bias.value());
        lastInput = x;
        return logits;
    }

    /** Sets dW = xᵀ · dLogits and db = Σ_rows dLogits; returns dx = dLogits · Wᵀ [M, H]. */
    INDArray backward(INDArray dLogits) {
        gemm(lastInput, dLogits, weight.grad(), true, false, 0.0);
        dLogits.sum(bias.grad(), 0);
        INDArray dx = last[1];
        gemm(dLogits, weight.value(), dx, false, true, 0.0);
        return dx;
    }
}
