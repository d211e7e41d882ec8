package rnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.checkpoint.FormatV1;
import rnn.config.TrainingConfig;
import rnn.text.Batch;
import rnn.text.Corpus;
import rnn.text.StreamBatcher;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The training engine against PyTorch, for every cell: a fixture's weights loaded into torch.nn.Embedding,
 * nn.LSTM (the format-1 fixture), nn.GRU or nn.RNN (format-2 fixtures of 5 training steps) and nn.Linear give
 * the same loss and the same gradient for every parameter on the first training batch. PyTorch computed in double precision; the engine computes in float32 with a rational
 * tanh (within 4e-7), so the loss must agree to 1e-6 relative and every gradient element to 1e-4 of its
 * tensor's largest element. (The double-precision reference model matches the same numbers to 1e-12:
 * ReferenceModelTest.) The reference numbers were made by src/test/python/torch_reference.py (PyTorch
 * 1.13) and are kept in src/test/resources/checkpoints/*.torch.json, in each checkpoint's layout.
 */
class TorchReferenceTest {
    @ParameterizedTest
    @ValueSource(strings = {"format-v1-lstm", "format-v2-gru-trained", "format-v2-rnn-trained"})
    void lossAndEveryGradientMatchPyTorch(String fixture) throws Exception {
        Path resources = Path.of(getClass().getResource("/checkpoints/format-v1-lstm.ckpt").toURI()).getParent();
        Checkpoint checkpoint = CheckpointFile.read(resources.resolve(fixture + ".ckpt"));
        JsonNode reference = new ObjectMapper().readTree(resources.resolve(fixture + ".torch.json").toFile());
        boolean format1 = checkpoint.manifest().formatVersion() == 1;
        int gates = checkpoint.manifest().architecture().cell().gates();

        Parameters parameters = SavedModel.parameters(checkpoint);
        TrainingConfig training = checkpoint.manifest().training();
        Corpus text = Corpus.load(List.of(resources.resolve("format-v1-lstm.txt")), SavedModel.vocabulary(checkpoint),
                Corpus.Holdout.tail(checkpoint.manifest().training().valFrac()));
        Batch batch = new StreamBatcher(text.training(), training.batch(), training.seqLen()).batch(0);

        Network network = new Network(parameters, new Network.Threads(2, 1));
        double loss = network.trainingStep(batch.inputs(), batch.targets(), batch.seqLen(),
                network.newState(batch.batch()), 0.0, 0L);
        assertEquals(reference.get("loss").asDouble(), loss, 1e-6 * loss);
        JsonNode gradients = reference.get("gradients");
        assertEquals(parameters.views().size(), gradients.size());
        for (Parameters.View view : parameters.views()) {
            JsonNode theirs = gradients.get(view.name());
            assertEquals(theirs.size(), view.length(), view.name());
            float[] expected = new float[view.length()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) theirs.get(i).asDouble();
            }
            if (format1 && (view.name().endsWith(".wx") || view.name().endsWith(".wh"))) { // format 1 stored gate by gate
                expected = FormatV1.sideBySide(expected, gates, view.rows(), (int) view.shape()[1] / gates);
            }
            double scale = 0;
            for (float e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int i = 0; i < expected.length; i++) {
                float ours = parameters.gradients()[view.offset() + i];
                assertEquals(expected[i], ours, 1e-4 * scale, fixture + " " + view.name() + "[" + i + "]");
            }
        }
    }
}
