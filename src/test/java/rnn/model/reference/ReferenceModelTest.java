package rnn.model.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.config.TrainingConfig;
import rnn.model.SavedModel;
import rnn.text.Batch;
import rnn.text.Corpus;
import rnn.text.StreamBatcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceModelTest {
    /**
     * The reference against PyTorch, in double precision: the format-1 fixture's weights loaded into
     * torch.nn.Embedding, nn.LSTM and nn.Linear give the same loss (to 1e-12) and the same gradient for
     * every parameter (to 1e-9 relative) on the first training batch. The numbers were made by
     * src/test/python/torch_reference.py (PyTorch 1.13); format 1's layout, as the reference's.
     */
    @Test
    void lossAndEveryGradientMatchPyTorchInDoublePrecision() throws Exception {
        Path resources = Path.of(getClass().getResource("/checkpoints/format-v1-lstm.ckpt").toURI()).getParent();
        Checkpoint checkpoint = CheckpointFile.read(resources.resolve("format-v1-lstm.ckpt"));
        JsonNode reference = new ObjectMapper().readTree(resources.resolve("format-v1-lstm.torch.json").toFile());
        ReferenceModel model = FusedEngineTest.referenceOf(SavedModel.parameters(checkpoint));
        TrainingConfig training = checkpoint.manifest().training();
        Corpus text = Corpus.load(List.of(resources.resolve("format-v1-lstm.txt")), SavedModel.vocabulary(checkpoint),
                Corpus.Holdout.tail(checkpoint.manifest().training().valFrac()));
        Batch batch = new StreamBatcher(text.training(), training.batch(), training.seqLen()).batch(0);

        model.forward(batch.inputs(), batch.seqLen(), model.newState(batch.batch()));
        assertEquals(reference.get("loss").asDouble(), model.loss(batch.targets()), 1e-12);
        model.backward();
        JsonNode gradients = reference.get("gradients");
        assertEquals(model.parameters().all().size(), gradients.size());
        for (Parameter p : model.parameters().all()) {
            double[] ours = p.grad().reshape(p.grad().length()).toDoubleVector();
            JsonNode theirs = gradients.get(p.name());
            assertEquals(theirs.size(), ours.length, p.name());
            for (int i = 0; i < ours.length; i++) {
                assertEquals(theirs.get(i).asDouble(), ours[i], 1e-12 + 1e-9 * Math.abs(ours[i]), p.name() + "[" + i + "]");
            }
        }
    }

    /** Carrying the state across chunks is the same as running one long chunk: what stateful TBPTT relies on. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void stateCarriedAcrossChunksEqualsOneLongChunk(CellType cell) {
        ReferenceModel model = ReferenceModel.initialized(new ModelConfig(cell, 2, 8, 4, 7), DataType.DOUBLE, 3);
        int batch = 2, steps = 6;
        int[] ids = new Random(5).ints(steps * batch, 0, 7).toArray();
        INDArray whole = model.forward(ids, steps, model.newState(batch)).dup();

        RecurrentState state = model.newState(batch);
        INDArray first = model.forward(Arrays.copyOfRange(ids, 0, 3 * batch), 3, state).dup();
        INDArray second = model.forward(Arrays.copyOfRange(ids, 3 * batch, 6 * batch), 3, state).dup();
        assertEquals(0, whole.get(NDArrayIndex.interval(0, 3 * batch), NDArrayIndex.all()).sub(first).amaxNumber().doubleValue(), 1e-12);
        assertEquals(0, whole.get(NDArrayIndex.interval(3 * batch, 6 * batch), NDArrayIndex.all()).sub(second).amaxNumber().doubleValue(), 1e-12);

        state.reset();
        INDArray again = model.forward(Arrays.copyOfRange(ids, 0, 3 * batch), 3, state);
        assertEquals(0, again.sub(first).amaxNumber().doubleValue(), 1e-12, "reset gives a fresh run");
        assertTrue(second.sub(first).amaxNumber().doubleValue() > 1e-6);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void parameterCountMatchesTheArrays(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 3, 8, 5, 11);
        ReferenceModel model = ReferenceModel.initialized(config, DataType.FLOAT, 1);
        assertEquals(config.parameterCount(), model.parameters().count());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void sameSeedSameWeights(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 8, 5, 11);
        ReferenceModel a = ReferenceModel.initialized(config, DataType.FLOAT, 42), b = ReferenceModel.initialized(config, DataType.FLOAT, 42);
        for (Parameter p : a.parameters().all()) {
            assertEquals(p.value(), b.parameters().get(p.name()).value(), p.name());
        }
    }
}
