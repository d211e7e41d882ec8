package rnn.train;

import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.Tensor;
import rnn.model.Kernels;
import rnn.model.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015), with bias correction, in one pass over the flat weight array:
 * <pre>
 *   m = β1 m + (1 - β1) g          v = β2 v + (1 - β2) g²
 *   θ = θ - lr · (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)
 * </pre>
 * With weight decay λ it is AdamW (Loshchilov and Hutter 2019), PyTorch's order: first the weight
 * matrices (every two-dimensional parameter: embedding, recurrent and output weights; not the biases)
 * shrink, θ = θ (1 - lr λ), then the Adam step above. Decoupled from the gradient, the decay is the same
 * for every weight whatever its gradient's scale, which an L2 term under Adam is not.
 * The moments have the weights' layout; a checkpoint stores them per parameter, as
 * {@code adam.m.<name>} and {@code adam.v.<name>}.
 */
public final class Adam {
    public static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;
    static final String PREFIX = "adam.";

    private final Parameters parameters;
    private final double weightDecay;   // λ; 0 = plain Adam
    private final float[] firstMoment;  // m, like the weights
    private final float[] secondMoment; // v, like the weights
    private long step;

    public Adam(Parameters parameters, double weightDecay) {
        this.parameters = parameters;
        this.weightDecay = weightDecay;
        this.firstMoment = new float[parameters.values().length];
        this.secondMoment = new float[parameters.values().length];
    }

    /** One update of every weight from its current gradient. */
    public void update(double learningRate) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        if (weightDecay > 0) {
            decayMatrices((float) (1 - learningRate * weightDecay));
        }
        Kernels.ACTIVE.adam(parameters.values(), parameters.gradients(), firstMoment, secondMoment, 0,
                firstMoment.length, (float) BETA1, (float) (1 - BETA1), (float) BETA2, (float) (1 - BETA2),
                (float) (learningRate / correction1),
                (float) (1 / Math.sqrt(correction2)), (float) EPSILON);
    }

    /** θ = θ · shrink for every weight matrix (two-dimensional parameter). */
    private void decayMatrices(float shrink) {
        float[] values = parameters.values();
        for (Parameters.View view : parameters.views()) {
            if (view.shape().length == 2) { // a matrix (Weight#isMatrix)
                for (int i = view.offset(); i < view.offset() + view.length(); i++) {
                    values[i] *= shrink;
                }
            }
        }
    }

    /** Updates done so far (t in the bias correction). */
    public long step() {
        return step;
    }

    /** m and v per parameter, named, copied: for a checkpoint. */
    public Map<String, Tensor> moments() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameters.View view : parameters.views()) {
            tensors.put(PREFIX + "m." + view.name(), Tensor.copyOf(view.shape(), firstMoment, view.offset()));
        }
        for (Parameters.View view : parameters.views()) {
            tensors.put(PREFIX + "v." + view.name(), Tensor.copyOf(view.shape(), secondMoment, view.offset()));
        }
        return tensors;
    }

    /** The moments a checkpoint holds (each with its parameter's shape), and its step count. */
    public void restore(Checkpoint checkpoint) {
        for (Parameters.View view : parameters.views()) {
            String m = PREFIX + "m." + view.name(), v = PREFIX + "v." + view.name();
            checkpoint.require(m).copyInto(firstMoment, view.offset(), view.shape(), m);
            checkpoint.require(v).copyInto(secondMoment, view.offset(), view.shape(), v);
        }
        step = checkpoint.manifest().progress().step();
    }
}
