package rnn.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rnn.config.CellType;
import rnn.config.ModelConfig;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's bookkeeping: carried state, parameters' layout and initialisation, workers. */
class NetworkTest {
    /** Carrying the state across chunks is the same as running one long chunk: what stateful TBPTT relies on. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void stateCarriedAcrossChunksEqualsOneLongChunk(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 8, 4, 7);
        Network network = new Network(Parameters.initialized(config, 3), new Network.Threads(1, 1));
        int batch = 2, steps = 6;
        Random random = new Random(5);
        int[] ids = random.ints(steps * batch, 0, 7).toArray(), targets = random.ints(steps * batch, 0, 7).toArray();
        double whole = network.loss(ids, targets, steps, network.newState(batch));

        RecurrentState state = network.newState(batch);
        double first = network.loss(Arrays.copyOfRange(ids, 0, 3 * batch), Arrays.copyOfRange(targets, 0, 3 * batch), 3, state);
        double second = network.loss(Arrays.copyOfRange(ids, 3 * batch, 6 * batch), Arrays.copyOfRange(targets, 3 * batch, 6 * batch), 3, state);
        assertEquals(whole, (first + second) / 2, 1e-6);

        state.reset();
        double again = network.loss(Arrays.copyOfRange(ids, 0, 3 * batch), Arrays.copyOfRange(targets, 0, 3 * batch), 3, state);
        assertEquals(first, again, 0.0, "reset gives a fresh run");
        double fresh = network.loss(Arrays.copyOfRange(ids, 3 * batch, 6 * batch), Arrays.copyOfRange(targets, 3 * batch, 6 * batch), 3,
                network.newState(batch));
        assertNotEquals(second, fresh, "the carried state matters");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void workersSplitTheStreamsAndAddUpTheSameGradients(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 10, 3, 9);
        Random random = new Random(8);
        int seqLen = 5, batch = 7;
        int[] ids = random.ints(seqLen * batch, 0, 9).toArray(), targets = random.ints(seqLen * batch, 0, 9).toArray();
        Step one = step(config, 1, true, ids, targets, seqLen, batch, 0);
        for (int workers = 2; workers <= 3; workers++) {
            Step split = step(config, workers, true, ids, targets, seqLen, batch, 0);
            assertEquals(one.loss, split.loss, 1e-6 * one.loss);
            for (int i = 0; i < one.gradients.length; i++) {
                assertEquals(one.gradients[i], split.gradients[i], 1e-6, cell + " gradient " + i + " with " + workers + " workers");
            }
        }
    }

    /** Without SIMD the per-step products run in the BLAS: the same loss and gradients as the Java route. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void perStepProductsInTheBlasGiveTheSameStep(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 24, 5, 13);
        Random random = new Random(4);
        int seqLen = 6, batch = 5;
        int[] ids = random.ints(seqLen * batch, 0, 13).toArray(), targets = random.ints(seqLen * batch, 0, 13).toArray();
        Step java = step(config, 2, true, ids, targets, seqLen, batch, 1); // the second step: from a carried state
        Step blas = step(config, 2, false, ids, targets, seqLen, batch, 1);
        assertEquals(java.loss, blas.loss, 1e-6 * java.loss);
        double largest = 0;
        for (float g : java.gradients) {
            largest = Math.max(largest, Math.abs(g));
        }
        for (int i = 0; i < java.gradients.length; i++) {
            assertEquals(java.gradients[i], blas.gradients[i], 1e-5 * largest, cell + " gradient " + i);
        }
    }

    /**
     * Weight drop is, by the chain rule, a plain step on the weights Wh ⊙ M whose Wh gradient is then
     * multiplied by M: the same loss and gradients as that step taken by hand, on both product routes
     * and with the streams split between workers; the weights themselves stay undropped.
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void weightDropIsAStepOnMaskedRecurrentWeights(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 9, 3, 8);
        Random random = new Random(12);
        int seqLen = 4, batch = 5;
        double rate = 0.4;
        long maskSeed = 77;
        int[] ids = random.ints(seqLen * batch, 0, 8).toArray(), targets = random.ints(seqLen * batch, 0, 8).toArray();
        for (boolean stepProductsInJava : new boolean[] {true, false}) {
            Parameters parameters = Parameters.initialized(config, 4);
            Network network = new Network(parameters, new Network.Threads(2, 1), stepProductsInJava ? ProductRoute.PACKED : ProductRoute.BLAS);
            double loss = network.trainingStep(ids, targets, seqLen, network.newState(batch), 0.25, rate, maskSeed);

            Parameters masked = Parameters.initialized(config, 4);
            float[] mask = new float[masked.values().length];
            Arrays.fill(mask, 1f);
            int dropped = 0, recurrentWeights = 0;
            for (int l = 0; l < config.layers(); l++) {
                Parameters.View wh = masked.view("layer" + l + ".wh");
                for (int i = 0; i < wh.length(); i++) {
                    mask[wh.offset() + i] = Dropout.mask(Dropout.weightSeed(maskSeed, l), i, rate);
                    masked.values()[wh.offset() + i] *= mask[wh.offset() + i];
                    dropped += mask[wh.offset() + i] == 0 ? 1 : 0;
                    recurrentWeights++;
                }
            }
            Network byHand = new Network(masked, new Network.Threads(1, 1), stepProductsInJava ? ProductRoute.PACKED : ProductRoute.BLAS);
            double expected = byHand.trainingStep(ids, targets, seqLen, byHand.newState(batch), 0.25, maskSeed);

            assertEquals(expected, loss, 1e-6 * expected, cell + " loss");
            for (int i = 0; i < mask.length; i++) {
                assertEquals(masked.gradients()[i] * mask[i], parameters.gradients()[i], 1e-6, cell + " gradient " + i);
            }
            assertArrayEquals(Parameters.initialized(config, 4).values(), parameters.values(), "the heap keeps Wh undropped");
            assertEquals(rate, (double) dropped / recurrentWeights, 0.1, "about the rate of Wh is dropped");
            double undropped = new Network(Parameters.initialized(config, 4), new Network.Threads(1, 1), stepProductsInJava ? ProductRoute.PACKED : ProductRoute.BLAS)
                    .trainingStep(ids, targets, seqLen, network.newState(batch), 0.25, maskSeed);
            assertNotEquals(undropped, loss, "the mask changes the step");
        }
    }

    private record Step(double loss, float[] gradients) {
    }

    /**
     * Records packed into streams (issue 24): a stream whose state is reset where a record starts gives the
     * loss, the gradients and the final state of its records run apart, each from a zero state; a start at
     * step 0 discards the carried state. For every cell, on both product routes (Java's packed kernels, BLAS).
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void aRecordStartMidChunkEqualsRunningTheRecordsApart(CellType cell) {
        for (boolean stepProductsInJava : new boolean[] {true, false}) {
            ModelConfig config = new ModelConfig(cell, 2, 8, 4, 7);
            Random random = new Random(11);
            int[] in1 = random.ints(5, 0, 7).toArray(), out1 = random.ints(5, 0, 7).toArray();  // record 1: 5 steps
            int[] in2 = random.ints(4, 0, 7).toArray(), out2 = random.ints(4, 0, 7).toArray();  // record 2: 4 steps
            int[] in3 = random.ints(9, 0, 7).toArray(), out3 = random.ints(9, 0, 7).toArray();  // record 3: 9 steps

            // Apart: each record alone, one stream, from a zero state.
            Parameters apart = Parameters.initialized(config, 2);
            Network alone = new Network(apart, new Network.Threads(1, 1), stepProductsInJava ? ProductRoute.PACKED : ProductRoute.BLAS);
            float[] expectedGradients = new float[apart.gradients().length];
            double expectedNats = 0;
            RecurrentState[] finals = new RecurrentState[3];
            int[][][] records = {{in1, out1}, {in2, out2}, {in3, out3}};
            for (int k = 0; k < 3; k++) {
                int length = records[k][0].length;
                finals[k] = alone.newState(1);
                double loss = alone.trainingStep(records[k][0], records[k][1], length, finals[k], Dropouts.NONE, 1L, null);
                expectedNats += loss * length;
                for (int i = 0; i < expectedGradients.length; i++) {
                    expectedGradients[i] += apart.gradients()[i] * length / 18f; // the packed step's mean is over 18
                }
            }

            // Packed: stream 0 = record 1 then record 2, stream 1 = record 3; a non-zero carried state coming in.
            Parameters packedWeights = Parameters.initialized(config, 2);
            Network packed = new Network(packedWeights, new Network.Threads(1, 1), stepProductsInJava ? ProductRoute.PACKED : ProductRoute.BLAS);
            int seqLen = 9, batch = 2;
            int[] inputs = new int[seqLen * batch], targets = new int[seqLen * batch];
            boolean[] starts = new boolean[seqLen * batch];
            for (int t = 0; t < seqLen; t++) {
                inputs[t * batch] = t < 5 ? in1[t] : in2[t - 5];
                targets[t * batch] = t < 5 ? out1[t] : out2[t - 5];
                inputs[t * batch + 1] = in3[t];
                targets[t * batch + 1] = out3[t];
            }
            starts[0] = starts[1] = starts[5 * batch] = true;
            RecurrentState state = packed.newState(batch);
            packed.loss(random.ints(3 * batch, 0, 7).toArray(), random.ints(3 * batch, 0, 7).toArray(), 3, state); // something to discard
            double loss = packed.trainingStep(inputs, targets, seqLen, state, Dropouts.NONE, 1L, starts);

            assertEquals(expectedNats / 18, loss, 1e-6, cell + (stepProductsInJava ? " (Java)" : " (BLAS)"));
            for (int i = 0; i < expectedGradients.length; i++) {
                assertEquals(expectedGradients[i], packedWeights.gradients()[i], 2e-6, cell + " gradient " + i);
            }
            for (int l = 0; l < config.layers(); l++) {
                for (int j = 0; j < config.hidden(); j++) {
                    assertEquals(finals[1].hiddens[l][j], state.hiddens[l][j], 1e-6, "stream 0 ends as record 2 alone");
                    assertEquals(finals[2].hiddens[l][j], state.hiddens[l][config.hidden() + j], 1e-6, "stream 1 ends as record 3");
                }
            }
        }
    }

    /** The loss and gradients of a training step with dropout 0.25 from fresh weights, after stepsBefore steps. */
    private static Step step(ModelConfig config, int workers, boolean stepProductsInJava, int[] ids, int[] targets,
                             int seqLen, int batch, int stepsBefore) {
        Parameters parameters = Parameters.initialized(config, 1);
        Network network = new Network(parameters, new Network.Threads(workers, 1), stepProductsInJava ? ProductRoute.PACKED : ProductRoute.BLAS);
        RecurrentState state = network.newState(batch);
        double loss = 0;
        for (int s = 0; s <= stepsBefore; s++) {
            loss = network.trainingStep(ids, targets, seqLen, state, 0.25, 3L + s);
        }
        return new Step(loss, parameters.gradients().clone());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void parameterLayoutHoldsExactlyTheModelsWeights(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 3, 8, 5, 11);
        Parameters parameters = Parameters.zeros(config);
        long total = parameters.views().stream().mapToLong(Parameters.View::length).sum();
        assertEquals(config.parameterCount(), total);
        assertEquals(config.parameterCount(), parameters.values().length);
        int expectedOffset = 0;
        for (Parameters.View view : parameters.views()) {
            assertEquals(expectedOffset, view.offset(), view.name() + " follows the one before it");
            expectedOffset += view.length();
        }
        assertArrayEquals(new long[] {8, cell.gates() * 8L}, parameters.view("layer1.wh").shape());
    }

    @Test
    void sameSeedSameWeightsAndTheForgetGateStartsWhereAsked() {
        ModelConfig config = new ModelConfig(CellType.LSTM, 2, 8, 5, 11);
        Parameters a = Parameters.initialized(config, 42), b = Parameters.initialized(config, 42);
        assertArrayEquals(a.values(), b.values());
        assertTrue(!Arrays.equals(a.values(), Parameters.initialized(config, 43).values()));
        Parameters raised = Parameters.initialized(config, 42, 1.0);
        double bound = 1 / Math.sqrt(8);
        for (int l = 0; l < 2; l++) {
            float[] bias = a.copyOf("layer" + l + ".b"), raisedBias = raised.copyOf("layer" + l + ".b"); // [4H]: i, f, g, o
            for (int j = 0; j < bias.length; j++) {
                boolean forget = j >= 8 && j < 16;
                assertTrue(Math.abs(bias[j]) <= bound, "every bias uniform in ±1/sqrt(H), as PyTorch's");
                assertEquals(bias[j] + (forget ? 1f : 0f), raisedBias[j], 1e-6, "only the forget gate's starts higher");
            }
        }
        assertArrayEquals(a.copyOf("layer1.wh"), raised.copyOf("layer1.wh"), "the same draws otherwise");
    }
}
