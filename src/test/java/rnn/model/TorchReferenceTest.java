package rnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.text.Batch;
import rnn.text.Corpus;
import rnn.text.StreamBatcher;
import rnn.train.TrainingConfig;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model against PyTorch: the format-1 fixture's weights loaded into torch.nn.Embedding, nn.LSTM and
 * nn.Linear give the same loss and the same gradient for every parameter on the first training batch,
 * in double precision. The reference numbers were made by src/test/python/torch_reference.py (PyTorch
 * 1.13) and are kept in src/test/resources/checkpoints/format-v1-lstm.torch.json.
 */
class TorchReferenceTest {
    @Test
    void lossAndEveryGradientMatchPyTorch() throws Exception {
        Path resources = Path.of(getClass().getResource("/checkpoints/format-v1-lstm.ckpt").toURI()).getParent();
        Checkpoint checkpoint = CheckpointFile.read(resources.resolve("format-v1-lstm.ckpt"));
        JsonNode reference = new ObjectMapper().readTree(resources.resolve("format-v1-lstm.torch.json").toFile());

        CharRnn stored = checkpoint.restoreModel();
        CharRnn model = CharRnn.empty(checkpoint.manifest().architecture(), DataType.DOUBLE);
        for (Parameter p : stored.parameters().all()) {
            model.parameters().get(p.name()).value().assign(p.value().castTo(DataType.DOUBLE));
        }
        TrainingConfig training = checkpoint.manifest().training();
        Corpus text = Corpus.load(List.of(resources.resolve("format-v1-lstm.txt")), checkpoint.vocabulary());
        Batch batch = new StreamBatcher(text.training(training.valFrac()), training.batch(), training.seqLen()).batch(0);

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
}
