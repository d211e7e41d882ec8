package rnn.model;

import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointException;
import rnn.checkpoint.Tensor;
import rnn.config.ModelConfig;
import rnn.config.Weight;
import rnn.text.Vocabulary;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model in a checkpoint: its architecture and vocabulary (in the manifest) and its weights, one tensor
 * {@code param.<name>} per parameter (see {@link Weight} for names and shapes). Reading checks each
 * weight's presence and shape, so a damaged or foreign file fails with a clear message.
 */
public final class SavedModel {
    private static final String PREFIX = "param.";

    private SavedModel() {
    }

    /** The weights as named tensors, copied. */
    public static Map<String, Tensor> tensors(Parameters parameters) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameters.View view : parameters.views()) {
            tensors.put(PREFIX + view.name(), Tensor.copyOf(view.shape(), parameters.values(), view.offset()));
        }
        return tensors;
    }

    /** The vocabulary, checked against the architecture's size. */
    public static Vocabulary vocabulary(Checkpoint checkpoint) {
        try {
            Vocabulary vocabulary = Vocabulary.fromCodePoints(checkpoint.manifest().vocabulary());
            if (vocabulary.size() != checkpoint.manifest().architecture().vocabSize()) {
                throw new CheckpointException("checkpoint vocabulary has " + vocabulary.size()
                        + " symbols but its architecture says " + checkpoint.manifest().architecture().vocabSize());
            }
            return vocabulary;
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + e.getMessage());
        }
    }

    /** The weights, for training; every weight must be present with the right shape. */
    public static Parameters parameters(Checkpoint checkpoint) {
        checkSizes(checkpoint);
        Parameters parameters = Parameters.zeros(checkpoint.manifest().architecture());
        for (Parameters.View view : parameters.views()) {
            checkpoint.require(PREFIX + view.name())
                    .copyInto(parameters.values(), view.offset(), view.shape(), PREFIX + view.name());
        }
        return parameters;
    }

    /**
     * The weights as a {@link CharacterModel}, for generating and scoring text; every weight must be present with
     * the right shape. Touches no ND4J, so sampling starts without loading it.
     */
    public static CharacterModel characterModel(Checkpoint checkpoint) {
        checkSizes(checkpoint);
        ModelConfig architecture = checkpoint.manifest().architecture();
        Map<String, long[]> shapes = new java.util.HashMap<>();
        Weight.of(architecture).forEach(weight -> shapes.put(weight.name(), weight.shape()));
        return CharacterModel.of(architecture, name -> {
            Tensor tensor = checkpoint.require(PREFIX + name);
            if (!Arrays.equals(tensor.shape(), shapes.get(name))) {
                throw new CheckpointException("tensor " + PREFIX + name + " has shape " + Arrays.toString(tensor.shape())
                        + " but the model needs " + Arrays.toString(shapes.get(name)));
            }
            return tensor.data();
        });
    }

    /**
     * Before allocating anything for the model: its architecture must not need far more weights than the
     * file stores, so a manifest cannot make us allocate more than about the file's own size. (Smaller
     * mismatches are named tensor by tensor.) The vocabulary is checked too.
     */
    private static void checkSizes(Checkpoint checkpoint) {
        vocabulary(checkpoint);
        long stored = checkpoint.tensors().entrySet().stream().filter(e -> e.getKey().startsWith(PREFIX))
                .mapToLong(e -> e.getValue().data().length).sum();
        long needed = checkpoint.manifest().architecture().parameterCount();
        if (needed > 2 * stored + 1_000_000) {
            throw new CheckpointException("checkpoint holds " + stored + " weights but its architecture needs "
                    + needed + "; it is damaged or inconsistent");
        }
    }
}
