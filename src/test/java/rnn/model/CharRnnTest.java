package rnn.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharRnnTest {
    /** Carrying the state across chunks is the same as running one long chunk: what stateful TBPTT relies on. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void stateCarriedAcrossChunksEqualsOneLongChunk(CellType cell) {
        CharRnn model = CharRnn.initialized(new ModelConfig(cell, 2, 8, 4, 7), DataType.DOUBLE, 3);
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
        CharRnn model = CharRnn.initialized(config, DataType.FLOAT, 1);
        assertEquals(config.parameterCount(), model.parameters().count());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void sameSeedSameWeights(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 8, 5, 11);
        CharRnn a = CharRnn.initialized(config, DataType.FLOAT, 42), b = CharRnn.initialized(config, DataType.FLOAT, 42);
        for (Parameter p : a.parameters().all()) {
            assertEquals(p.value(), b.parameters().get(p.name()).value(), p.name());
        }
        if (cell == CellType.LSTM) {
            INDArray bias = a.parameters().get("layer0.b").value(); // [4, H], gates i, f, g, o
            assertEquals(1.0, bias.getRow(1).minNumber().doubleValue(), 0.0, "forget-gate bias starts at 1");
        }
    }
}
