package rnn.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint file holds: the manifest and named float32 arrays. The names are the writers' business
 * ({@code rnn.model.SavedModel} writes the weights, {@code rnn.train.RunSnapshot} the rest of a training run);
 * this package only stores and checks them.
 */
public record Checkpoint(Manifest manifest, Map<String, Tensor> tensors) {
    public Checkpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The tensor of that name; a missing one is a checkpoint that is incomplete or of another model. */
    public Tensor require(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException("checkpoint lacks tensor " + name + "; it is incomplete or of another model");
        }
        return tensor;
    }

    /** True if some tensor's name starts with the prefix. */
    public boolean hasTensorsNamed(String prefix) {
        return tensors.keySet().stream().anyMatch(name -> name.startsWith(prefix));
    }
}
