package rnn.model.reference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import rnn.config.CellType;
import rnn.config.ModelConfig;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every analytic gradient against central finite differences, in double precision:
 * each recurrent cell on its own, the embedding, the dense layer, dropout, the loss, and the whole model.
 */
class GradientCheckTest {
    private static final double EPS = 1e-6;
    private static final double TOLERANCE = 1e-7; // max |analytic - numeric| / max(1, |analytic| + |numeric|)
    private static final int T = 4, N = 3, I = 5, H = 6;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void recurrentLayerGradients(CellType cell) {
        Parameters parameters = new Parameters(DataType.DOUBLE);
        RecurrentLayer layer = switch (cell) {
            case LSTM -> new Lstm("l", parameters, I, H);
            case GRU -> new Gru("l", parameters, I, H);
            case RNN -> new TanhRnn("l", parameters, I, H);
        };
        Random random = new Random(7);
        layer.initialize(random);
        INDArray x = randn(random, T * N, I);              // [T*N, I]
        INDArray weights = randn(random, T * N, H);        // loss = Σ h ⊙ weights
        INDArray h0 = randn(random, N, H).muli(0.5);       // a carried, non-zero initial state
        INDArray c0 = layer.hasCellState() ? randn(random, N, H).muli(0.5) : null;

        DoubleSupplier loss = () -> {
            RecurrentState.Layer state = new RecurrentState.Layer(h0.dup(), c0 == null ? null : c0.dup());
            return layer.forward(x, T, state).mul(weights).sumNumber().doubleValue();
        };
        loss.getAsDouble();
        INDArray dx = layer.backward(weights).dup();
        for (Parameter p : parameters.all()) {
            assertMatches(p.name(), p.grad().dup(), p.value(), loss);
        }
        assertMatches("dx", dx, x, loss);
    }

    @Test
    void lstmCarriesTheCellStateItWasGiven() {
        Parameters parameters = new Parameters(DataType.DOUBLE);
        Lstm layer = new Lstm("l", parameters, I, H);
        layer.initialize(new Random(3));
        INDArray x = randn(new Random(4), T * N, I);
        RecurrentState.Layer zero = new RecurrentState.Layer(Nd4j.zeros(DataType.DOUBLE, N, H), Nd4j.zeros(DataType.DOUBLE, N, H));
        INDArray fromZero = layer.forward(x, T, zero).dup();
        RecurrentState.Layer other = new RecurrentState.Layer(Nd4j.zeros(DataType.DOUBLE, N, H), Nd4j.ones(DataType.DOUBLE, N, H));
        INDArray fromOnes = layer.forward(x, T, other).dup();
        assertTrue(fromZero.sub(fromOnes).norm2Number().doubleValue() > 1e-3, "cell state must influence the output");
    }

    @Test
    void embeddingGradient() {
        Parameters parameters = new Parameters(DataType.DOUBLE);
        Embedding embedding = new Embedding(parameters, 7, 4);
        Random random = new Random(1);
        embedding.initialize(random);
        int[] ids = {3, 0, 3, 6, 1, 3};                    // repeated ids: gradients must add up
        INDArray weights = randn(random, ids.length, 4);
        DoubleSupplier loss = () -> embedding.forward(ids).mul(weights).sumNumber().doubleValue();
        loss.getAsDouble();
        embedding.backward(weights);
        assertMatches("table", embedding.table.grad().dup(), embedding.table.value(), loss);
    }

    @Test
    void denseGradient() {
        Parameters parameters = new Parameters(DataType.DOUBLE);
        Dense dense = new Dense(parameters, H, 5);
        Random random = new Random(2);
        dense.initialize(random);
        INDArray x = randn(random, 8, H);
        INDArray weights = randn(random, 8, 5);
        DoubleSupplier loss = () -> dense.forward(x).mul(weights).sumNumber().doubleValue();
        loss.getAsDouble();
        INDArray dx = dense.backward(weights.dup()).dup();
        assertMatches("weight", dense.weight.grad().dup(), dense.weight.value(), loss);
        assertMatches("bias", dense.bias.grad().dup(), dense.bias.value(), loss);
        assertMatches("dx", dx, x, loss);
    }

    @Test
    void dropoutGradientUsesTheSameMask() {
        Dropout dropout = new Dropout();
        Random random = new Random(3);
        INDArray x = randn(random, 10, H);
        INDArray weights = randn(random, 10, H);
        DoubleSupplier loss = () -> dropout.forward(x, 0.4, 99L).mul(weights).sumNumber().doubleValue();
        loss.getAsDouble();
        INDArray dx = dropout.backward(weights).dup();
        assertMatches("dx", dx, x, loss);
        double[] mask = dropout.lastMask();
        long dropped = java.util.Arrays.stream(mask).filter(m -> m == 0).count();
        assertTrue(dropped > 0 && dropped < mask.length, "some but not all units dropped");
    }

    @Test
    void aLockedMaskIsTheSameAtEveryStepOfAStreamAndACharacterIsDroppedEverywhereItOccurs() {
        int steps = 4, streams = 3, hidden = 50;
        double[] locked = Dropout.layerMask(steps * streams, hidden, streams, 0, 0, 0.5, 7L);
        for (int t = 1; t < steps; t++) {
            for (int i = 0; i < streams * hidden; i++) {
                assertEquals(locked[i], locked[t * streams * hidden + i], "stream " + i / hidden + " at step " + t);
            }
        }
        assertFalse(java.util.Arrays.equals(locked, 0, hidden, locked, hidden, 2 * hidden), "streams get masks of their own");
        double[] both = Dropout.layerMask(steps * streams, hidden, streams, 0.5, 8L, 0.5, 7L);
        long kept = java.util.Arrays.stream(both).filter(m -> m != 0).count();
        assertTrue(kept > 0.1 * both.length && kept < 0.4 * both.length, "both masks apply: about a quarter kept, " + kept);
        assertTrue(java.util.Arrays.stream(both).allMatch(m -> m == 0 || m == 4), "kept units scaled by 1/(0.5 * 0.5)");

        int[] ids = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5};
        double[] characters = Dropout.characterMask(ids, 2, 0.5, 9L);
        for (int row = 0; row < ids.length; row++) {
            assertEquals(characters[2 * (row % 6)], characters[2 * row], "symbol " + ids[row] + " the same everywhere");
            assertEquals(characters[2 * row], characters[2 * row + 1], "a whole embedding row");
        }
        long droppedSymbols = java.util.stream.IntStream.range(0, 6).filter(v -> characters[2 * v] == 0).count();
        assertTrue(droppedSymbols > 0 && droppedSymbols < 6, "some symbols dropped, not all: " + droppedSymbols);
    }

    @Test
    void crossEntropyGradient() {
        SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
        INDArray logits = randn(new Random(4), 6, 5).muli(3);
        int[] targets = {0, 4, 2, 2, 1, 3};
        DoubleSupplier loss = () -> crossEntropy.forward(logits, targets);
        loss.getAsDouble();
        INDArray dLogits = crossEntropy.backward().dup();
        assertMatches("dlogits", dLogits, logits, loss);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void wholeModelGradients(CellType cell) {
        checkWholeModel(cell, 0.0);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void wholeModelGradientsWithDropout(CellType cell) {
        checkWholeModel(cell, 0.3);
    }

    private void checkWholeModel(CellType cell, double dropout) {
        ModelConfig config = new ModelConfig(cell, 2, 5, 4, 6);
        ReferenceModel model = ReferenceModel.initialized(config, DataType.DOUBLE, 11);
        Random random = new Random(12);
        int[] ids = random.ints(T * N, 0, 6).toArray();
        int[] targets = random.ints(T * N, 0, 6).toArray();
        RecurrentState warm = model.newState(N);
        model.forward(random.ints(T * N, 0, 6).toArray(), T, warm); // a non-zero carried state
        List<INDArray> initial = warm.arrays().stream().map(INDArray::dup).toList();

        DoubleSupplier loss = () -> {
            RecurrentState state = model.newState(N);
            for (int i = 0; i < initial.size(); i++) {
                state.arrays().get(i).assign(initial.get(i));
            }
            model.forward(ids, T, state, dropout, 5L);
            return model.loss(targets);
        };
        loss.getAsDouble();
        model.backward();
        for (Parameter p : model.parameters().all()) {
            assertMatches(cell + " " + p.name(), p.grad().dup(), p.value(), loss);
        }
    }

    /** Perturbs every element of {@code input} in place and compares d(loss)/d(element) with {@code analytic}. */
    static void assertMatches(String what, INDArray analytic, INDArray input, DoubleSupplier loss) {
        assertTrue(analytic.dataType() == DataType.DOUBLE && input.dataType() == DataType.DOUBLE);
        INDArray flatInput = input.reshape(input.length());
        INDArray flatAnalytic = analytic.reshape(analytic.length());
        double worst = 0;
        String worstAt = "";
        for (long i = 0; i < input.length(); i++) {
            double original = flatInput.getDouble(i);
            flatInput.putScalar(i, original + EPS);
            double plus = loss.getAsDouble();
            flatInput.putScalar(i, original - EPS);
            double minus = loss.getAsDouble();
            flatInput.putScalar(i, original);
            double numeric = (plus - minus) / (2 * EPS);
            double exact = flatAnalytic.getDouble(i);
            double error = Math.abs(exact - numeric) / Math.max(1.0, Math.abs(exact) + Math.abs(numeric));
            if (error > worst) {
                worst = error;
                worstAt = what + "[" + i + "]: analytic " + exact + " vs numeric " + numeric;
            }
        }
        assertTrue(flatAnalytic.norm2Number().doubleValue() > 0, what + ": gradient must not be all zero");
        assertTrue(worst <= TOLERANCE, "the worst element, " + worstAt + " (relative error " + worst + ")");
    }

    static INDArray randn(Random random, long rows, long cols) {
        double[] values = new double[(int) (rows * cols)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }
}
