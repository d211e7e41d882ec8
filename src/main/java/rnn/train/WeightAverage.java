package rnn.train;

import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.Tensor;
import rnn.model.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of the weights (--ema), the model that validation scores, best.ckpt keeps
 * and sampling draws from, while the optimizer goes on moving the raw weights:
 * <pre>
 *   average = d · average + (1 - d) · θ      after every step,   d = min(decay, (1 + step) / (10 + step))
 * </pre>
 * The ramp of d (TensorFlow's ExponentialMovingAverage with num_updates) keeps the early average from
 * clinging to the initial weights. A checkpoint of a run with an average holds the average as the weights,
 * {@code param.<name>}, so that every reader (sample, eval, export, --init-from) gets it without knowing,
 * and the raw weights as {@code training.param.<name>}, which only a resume reads.
 */
final class WeightAverage {
    /** Where a checkpoint of a run with an average keeps the raw weights. */
    static final String RAW = "training.";

    private final double decay;
    private final float[] average; // the weights' layout

    /** An average that starts at the current weights. */
    WeightAverage(Parameters parameters, double decay) {
        this.decay = decay;
        this.average = parameters.values().clone();
    }

    /** Folds in the weights after step {@code step} (1-based: the number of steps taken). */
    void update(float[] weights, long step) {
        float d = (float) Math.min(decay, (1.0 + step) / (10.0 + step));
        float rest = 1 - d;
        for (int i = 0; i < average.length; i++) {
            average[i] = d * average[i] + rest * weights[i];
        }
    }

    /** Exchanges the average and the weights in place: call twice to put both back. */
    void swap(float[] weights) {
        for (int i = 0; i < average.length; i++) {
            float held = weights[i];
            weights[i] = average[i];
            average[i] = held;
        }
    }

    /**
     * The tensors of a checkpoint, from what {@code snapshot} holds of these parameters: the weights become
     * the raw copy ({@code training.param.*}) and the average takes their place as {@code param.*}.
     */
    Map<String, Tensor> intoCheckpoint(Map<String, Tensor> snapshot, Parameters parameters) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        snapshot.forEach((name, tensor) -> {
            if (name.startsWith("param.")) {
                Parameters.View view = parameters.view(name.substring("param.".length()));
                tensors.put(name, Tensor.copyOf(view.shape(), average, view.offset()));
                tensors.put(RAW + name, tensor);
            } else {
                tensors.put(name, tensor);
            }
        });
        return tensors;
    }

    /** Restores a run saved with an average: the raw weights into the parameters, the average from param.*. */
    void restore(Checkpoint checkpoint, Parameters parameters) {
        for (Parameters.View view : parameters.views()) {
            checkpoint.require("param." + view.name()).copyInto(average, view.offset(), view.shape(), "param." + view.name());
            checkpoint.require(RAW + "param." + view.name())
                    .copyInto(parameters.values(), view.offset(), view.shape(), RAW + "param." + view.name());
        }
    }
}
