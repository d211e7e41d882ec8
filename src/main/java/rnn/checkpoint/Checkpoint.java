package rnn.checkpoint;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import rnn.model.CharRnn;
import rnn.model.ModelConfig;
import rnn.model.Parameter;
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
 * Array names: {@code param.<name>} for weights, {@code adam.m.<name>} / {@code adam.v.<name>} for the
 * optimizer's moments, {@code state.<i>} for the carried recurrent state (h, then c, per layer).
 */
public record Checkpoint(Manifest manifest, Map<String, Tensor> tensors) {
    public Checkpoint {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Snapshots a training run: weights always; optimizer and state when given. */
    public static Checkpoint capture(Manifest manifest, CharRnn model, Adam adam, RecurrentState state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters().all()) {
            tensors.put("param." + p.name(), Tensor.of(p.value()));
        }
        if (adam != null) {
            adam.firstMoments().forEach((name, m) -> tensors.put("adam.m." + name, Tensor.of(m)));
            adam.secondMoments().forEach((name, v) -> tensors.put("adam.v." + name, Tensor.of(v)));
        }
        if (state != null) {
            List<INDArray> arrays = state.arrays();
            for (int i = 0; i < arrays.size(); i++) {
                tensors.put("state." + i, Tensor.of(arrays.get(i)));
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

    /** The model with its saved weights, float32; every weight must be present with the right shape. */
    public CharRnn restoreModel() {
        checkSizes();
        CharRnn model = CharRnn.empty(manifest.architecture(), DataType.FLOAT);
        for (Parameter p : model.parameters().all()) {
            require("param." + p.name()).copyInto(p.value(), p.name());
        }
        return model;
    }

    /**
     * The saved weights as a {@link StepModel}, for generating text; every weight must be present with the
     * right shape. Touches no ND4J, so sampling starts without loading it.
     */
    public StepModel restoreStepModel() {
        checkSizes();
        ModelConfig architecture = manifest.architecture();
        StepModel.shapes(architecture).forEach((name, shape) -> {
            Tensor tensor = require("param." + name);
            if (!Arrays.equals(tensor.shape(), shape)) {
                throw new CheckpointException("tensor param." + name + " has shape " + Arrays.toString(tensor.shape())
                        + " but the model needs " + Arrays.toString(shape));
            }
        });
        return StepModel.of(architecture, name -> require("param." + name).data());
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
        long needed = manifest.architecture().parameterCount();
        if (needed > 2 * stored + 1_000_000) {
            throw new CheckpointException("checkpoint holds " + stored + " weights but its architecture needs "
                    + needed + "; it is damaged or inconsistent");
        }
    }

    public boolean hasOptimizerState() {
        return tensors.keySet().stream().anyMatch(name -> name.startsWith("adam."));
    }

    public void restoreOptimizer(Adam adam) {
        adam.firstMoments().forEach((name, m) -> require("adam.m." + name).copyInto(m, "adam.m." + name));
        adam.secondMoments().forEach((name, v) -> require("adam.v." + name).copyInto(v, "adam.v." + name));
        adam.restoreStep(manifest.progress().step());
    }

    public void restoreState(RecurrentState state) {
        List<INDArray> arrays = state.arrays();
        for (int i = 0; i < arrays.size(); i++) {
            require("state." + i).copyInto(arrays.get(i), "state." + i);
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
