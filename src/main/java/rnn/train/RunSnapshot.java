package rnn.train;

import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.Manifest;
import rnn.checkpoint.Tensor;
import rnn.model.Parameters;
import rnn.model.RecurrentState;
import rnn.model.SavedModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training run as a checkpoint holds it, so that a resume continues exactly: the manifest (architecture,
 * settings, progress, bounds), the weights ({@link SavedModel}), Adam's moments (named by {@link Adam}) and the
 * carried recurrent state, {@code state.<i>}: h, then c, per layer, each [batch, hidden].
 * A checkpoint without the moments (an export of weights only) can seed a new run but not resume one.
 */
public final class RunSnapshot {
    private static final String STATE = "state.";

    private RunSnapshot() {
    }

    public static Checkpoint capture(Manifest manifest, Parameters parameters, Adam adam, RecurrentState state) {
        return capture(manifest, parameters, adam, state, null);
    }

    /** With a moving average of the weights (null: none), which the checkpoint holds as its weights ({@link WeightAverage}). */
    static Checkpoint capture(Manifest manifest, Parameters parameters, Adam adam, RecurrentState state, WeightAverage average) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(SavedModel.tensors(parameters));
        if (average != null) {
            tensors = average.intoCheckpoint(tensors, parameters);
        }
        tensors.putAll(adam.moments());
        List<float[]> arrays = state.arrays();
        for (int i = 0; i < arrays.size(); i++) {
            tensors.put(STATE + i, Tensor.copyOf(state.arrayShape(), arrays.get(i), 0));
        }
        return new Checkpoint(manifest, tensors);
    }

    /** True if the checkpoint holds what a resume needs beyond the weights. */
    public static boolean resumable(Checkpoint checkpoint) {
        return checkpoint.hasTensorsNamed(Adam.PREFIX);
    }

    /** The carried state the run had when it was saved, into a state of the same shape. */
    public static void restoreState(Checkpoint checkpoint, RecurrentState state) {
        List<float[]> arrays = state.arrays();
        for (int i = 0; i < arrays.size(); i++) {
            checkpoint.require(STATE + i).copyInto(arrays.get(i), 0, state.arrayShape(), STATE + i);
        }
    }
}
