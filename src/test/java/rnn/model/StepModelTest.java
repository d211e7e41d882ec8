package rnn.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java-heap step path gives the logits of the ND4J path, character after character, for every cell. */
class StepModelTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void stepByStepLogitsMatchTheSequenceForward(CellType cell) {
        // Odd sizes exercise the leftover rows of the 4-row product.
        ModelConfig config = new ModelConfig(cell, 2, 13, 7, 11);
        CharRnn model = CharRnn.initialized(config, DataType.FLOAT, 5);
        int seqLen = 40, batch = 3;
        int[] ids = new Random(2).ints((long) seqLen * batch, 0, 11).toArray(); // time-major
        INDArray expected = model.forward(ids, seqLen, model.newState(batch)); // [T*N, V]

        StepModel steps = model.stepModel();
        StepModel.State state = steps.newState(batch);
        float[][] logits = new float[batch][steps.config().vocabSize()];
        for (int t = 0; t < seqLen; t++) {
            int[] column = new int[batch];
            System.arraycopy(ids, t * batch, column, 0, batch);
            steps.step(column, state, logits, 1);
            for (int n = 0; n < batch; n++) {
                for (int v = 0; v < 11; v++) {
                    double want = expected.getDouble(t * batch + n, v);
                    assertEquals(want, logits[n][v], 1e-5, () -> cell + " logit differs");
                }
            }
        }
        // Not vacuous: from a fresh state the same last symbol gives other logits, so the state mattered.
        int[] last = new int[batch];
        System.arraycopy(ids, (seqLen - 1) * batch, last, 0, batch);
        steps.step(last, steps.newState(batch), logits, 1);
        double difference = 0;
        for (int v = 0; v < 11; v++) {
            difference = Math.max(difference, Math.abs(logits[0][v] - expected.getDouble((seqLen - 1) * batch, v)));
        }
        assertTrue(difference > 1e-3, cell + ": the carried state made no difference");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void streamsSplitBetweenThreadsGiveTheSameLogitsAsOneThread(CellType cell) {
        StepModel steps = CharRnn.initialized(new ModelConfig(cell, 2, 9, 5, 7), DataType.FLOAT, 3).stepModel();
        int batch = 5;
        float[][][] logits = new float[2][batch][7];
        StepModel.State[] states = {steps.newState(batch), steps.newState(batch)};
        Random random = new Random(4);
        for (int t = 0; t < 30; t++) {
            int[] ids = random.ints(batch, 0, 7).toArray();
            steps.step(ids, states[0], logits[0], 1);
            steps.step(ids, states[1], logits[1], 2);
            for (int n = 0; n < batch; n++) {
                assertArrayEquals(logits[0][n], logits[1][n], cell + ": stream " + n + " at step " + t);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void itsParameterShapesAreTheModelsOwn(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 3, 6, 4, 9);
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (Parameter p : CharRnn.empty(config, DataType.FLOAT).parameters().all()) {
            expected.put(p.name(), p.value().shape());
        }
        Map<String, long[]> shapes = StepModel.shapes(config);
        assertEquals(expected.keySet(), shapes.keySet());
        expected.forEach((name, shape) -> assertArrayEquals(shape, shapes.get(name), name));
    }

    @Test
    void hostActivationsAgreeWithJavaMathToDoublePrecisionAndStayFinite() {
        for (double x = -800; x <= 800; x += 0.37) {
            assertEquals(Math.tanh(x), HostMath.tanh(x), 1e-15, "tanh " + x);
            assertEquals(1 / (1 + Math.exp(-x)), HostMath.sigmoid(x), 1e-15, "sigmoid " + x);
        }
    }
}
