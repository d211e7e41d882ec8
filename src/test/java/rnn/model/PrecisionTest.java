package rnn.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Training runs in float32 while the gradient checks run in float64: the float path must compute the
 * same numbers (to float precision), so that no float-only code path (a BLAS call, a view) goes unchecked.
 */
class PrecisionTest {
    @ParameterizedTest
    @EnumSource(CellType.class)
    void float32MatchesFloat64(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 24, 8, 11);
        CharRnn exact = CharRnn.initialized(config, DataType.DOUBLE, 4);
        CharRnn single = CharRnn.empty(config, DataType.FLOAT);
        for (Parameter p : exact.parameters().all()) {
            single.parameters().get(p.name()).value().assign(p.value().castTo(DataType.FLOAT));
            p.value().assign(p.value().castTo(DataType.FLOAT).castTo(DataType.DOUBLE)); // the same weights exactly
        }
        Random random = new Random(8);
        int seqLen = 12, batch = 5;
        RecurrentState exactState = exact.newState(batch), singleState = single.newState(batch);
        for (int chunk = 0; chunk < 3; chunk++) { // carried state too
            int[] ids = random.ints(seqLen * batch, 0, 11).toArray(), targets = random.ints(seqLen * batch, 0, 11).toArray();
            INDArray exactLogits = exact.forward(ids, seqLen, exactState, 0.2, chunk);
            INDArray singleLogits = single.forward(ids, seqLen, singleState, 0.2, chunk);
            assertClose("logits", exactLogits, singleLogits);
            assertEquals(exact.loss(targets), single.loss(targets), 1e-5);
            exact.backward();
            single.backward();
            for (Parameter p : exact.parameters().all()) {
                assertClose(p.name(), p.grad(), single.parameters().get(p.name()).grad());
            }
        }
    }

    private static void assertClose(String what, INDArray exact, INDArray single) {
        double scale = Math.max(1e-3, exact.amaxNumber().doubleValue());
        double error = exact.sub(single.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertEquals(0, error / scale, 1e-4, what + ": max error " + error + " at scale " + scale);
    }
}
