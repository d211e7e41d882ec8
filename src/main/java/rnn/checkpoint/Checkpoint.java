package rnn.checkpoint;

import rnn.model.ModelConfig;
import rnn.model.Parameters;
import rnn.model.RecurrentState;
import rnn.model.StepModel;
import rnn.text.Vocabulary;
import rnn.train.Adam;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to use or resume a model: the manifest and the named arrays.
 * Array names: {@code param.<name>} for weights (see {@link Parameters} for names and shapes),
 * {@code adam.m.<name>} / {@code adam.v.<name>} for the optimizer's moments, {@code state.<i>} for the
 * carried recurrent state (h, then c, per layer; each [batch, hidden]).
 */
public record Checkpoint(Manifest manifest, Map<String, Tensor> tensors) {
    public Checkpoint {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Snapshots a training run: weights always; optimizer and state when given. */
    public static Checkpoint capture(Manifest manifest, Parameters parameters, Adam adam, RecurrentState state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameters.View view : parameters.views()) {
            tensors.put("param." + view.name(), Tensor.copyOf(view.shape(), parameters.values(), view.offset()));
        }
        if (adam != null) {
            for (Parameters.View view : parameters.views()) {
                tensors.put("adam.m." + view.name(), Tensor.copyOf(view.shape(), adam.firstMoment(), view.offset()));
            }
            for (Parameters.View view : parameters.views()) {
                tensors.put("adam.v." + view.name(), Tensor.copyOf(view.shape(), adam.secondMoment(), view.offset()));
            }
        }
        if (state != null) {
            List<float[]> arrays = state.arrays();
            for (int i = 0; i < arrays.size(); i++) {
                tensors.put("state." + i, Tensor.copyOf(state.arrayShape(), arrays.get(i), 0));
            }
        }
        return new Checkpoint(manifest, tensors);
    }

    public Vocabulary vocabulary() {
        try {
            Vocabulary vocabulary = Vocabulary.fromCodePoints(manifest.vocabulary());
            if (vocabulary.size() != manifest.architecture().vocabSize()) {
                throw new CheckpointException("checkpoint vocabulary has " + vocabulary.size()
                        + " symbols but its architecture says " + manifest.architecture().vocabSize());
            }
            return vocabulary;
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + e.getMessage());
        }
    }

    /** The saved weights; every weight must be present with the right shape. */
    public Parameters restoreParameters() {
        checkSizes();
        Parameters parameters = Parameters.zeros(manifest.architecture());
        for (Parameters.View view : parameters.views()) {
            require("param." + view.name()).copyInto(parameters.values(), view.offset(), view.shape(), "param." + view.name());
        }
        return parameters;
    }

    /**
     * The saved weights as a {@link StepModel}, for generating and scoring text; every weight must be
     * present with the right shape. Touches no ND4J, so sampling starts without loading it.
     */
    public StepModel restoreStepModel() {
        checkSizes();
        Map<String, long[]> shapes = Parameters.shapes(manifest.architecture());
        return StepModel.of(manifest.architecture(), name -> {
            Tensor tensor = require("param." + name);
            if (!Arrays.equals(tensor.shape(), shapes.get(name))) {
                throw new CheckpointException("tensor param." + name + " has shape " + Arrays.toString(tensor.shape())
                        + " but the model needs " + Arrays.toString(shapes.get(name)));
            }
            return tensor.data();
        });
    }

    /**
     * Before allocating anything for the model: its architecture must not need far more weights than the
     * file stores, so a manifest cannot make us allocate more than about the file's own size. (Smaller
     * mismatches are named tensor by tensor.)
     */
    private void checkSizes() {
        vocabulary();
        long stored = tensors.entrySet().stream().filter(e -> e.getKey().startsWith("param."))
                .mapToLong(e -> e.getValue().data().length).sum();
        ModelConfig architecture = manifest.architecture();
        long needed = architecture.parameterCount();
        if (needed > 2 * stored + 1_000_000) {
            throw new CheckpointException("checkpoint holds " + stored + " weights but its architecture needs "
                    + needed + "; it is damaged or inconsistent");
        }
    }

    public boolean hasOptimizerState() {
        return tensors.keySet().stream().anyMatch(name -> name.startsWith("adam."));
    }

    /** Adam's moments, per parameter, into an optimizer of these parameters; and its step count. */
    public void restoreOptimizer(Adam adam, Parameters parameters) {
        for (Parameters.View view : parameters.views()) {
            require("adam.m." + view.name()).copyInto(adam.firstMoment(), view.offset(), view.shape(), "adam.m." + view.name());
            require("adam.v." + view.name()).copyInto(adam.secondMoment(), view.offset(), view.shape(), "adam.v." + view.name());
        }
        adam.restoreStep(manifest.progress().step());
    }

    public void restoreState(RecurrentState state) {
        List<float[]> arrays = state.arrays();
        for (int i = 0; i < arrays.size(); i++) {
            require("state." + i).copyInto(arrays.get(i), 0, state.arrayShape(), "state." + i);
        }
    }

    private Tensor require(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException("checkpoint lacks tensor " + name + "; it is incomplete or of another model");
        }
        return tensor;
    }
}
