package rnn.model.reference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import rnn.checkpoint.FormatV1;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.Dropouts;
import rnn.model.Network;
import rnn.model.Parameters;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused engine ({@link Network}: one product per step, element-wise passes on the heap, float32)
 * against the per-op reference ({@link ReferenceModel}, double precision, itself checked against finite
 * differences and PyTorch): the same loss, the same gradient for every weight, the same carried state,
 * for every cell, from a non-zero carried state, with dropout, on one worker and on several.
 *
 * <p>Tolerances are float32's: the fused engine sums in float and its tanh is a rational approximation
 * within 4e-7 (Kernels). A wrong term in any gradient shows up as an error of order 1, not 1e-4.
 */
class FusedEngineTest {
    private static final int T = 6, N = 5;
    private static final double LOSS_TOLERANCE = 1e-6;     // relative (seen: 3e-9)
    private static final double GRADIENT_TOLERANCE = 1e-5; // of the largest element of each gradient (seen: 2e-7)
    private static final double STATE_TOLERANCE = 1e-5;

    @ParameterizedTest
    @CsvSource({"LSTM, 0.0, 0.0, 0.0, 1", "GRU, 0.0, 0.0, 0.0, 1", "RNN, 0.0, 0.0, 0.0, 1",
            "LSTM, 0.3, 0.0, 0.0, 1", "GRU, 0.3, 0.0, 0.0, 1", "RNN, 0.3, 0.0, 0.0, 1",
            "LSTM, 0.3, 0.0, 0.0, 2", "GRU, 0.0, 0.0, 0.0, 3", "RNN, 0.3, 0.0, 0.0, 5",
            // locked dropout (alone and over dropout) and whole characters dropped, split between workers
            "LSTM, 0.0, 0.4, 0.0, 2", "GRU, 0.2, 0.3, 0.0, 3", "RNN, 0.0, 0.0, 0.3, 2", "LSTM, 0.2, 0.3, 0.3, 3"})
    void lossGradientsAndCarriedStateMatchTheReference(CellType cell, double dropout, double locked, double characters, int workers) {
        Dropouts dropouts = new Dropouts(dropout, locked, characters, 0);
        // Odd sizes: hidden 7 leaves a remainder after every SIMD lane, and 5 streams split unevenly.
        ModelConfig config = new ModelConfig(cell, 2, 7, 5, 11);
        Parameters parameters = Parameters.initialized(config, 3);
        Random random = new Random(4);
        for (int i = 0; i < parameters.values().length; i++) {
            parameters.values()[i] += (float) (0.1 * random.nextGaussian()); // no special values (forget bias 1)
        }
        int[] ids = random.ints(T * N, 0, 11).toArray(), targets = random.ints(T * N, 0, 11).toArray();
        Network network = new Network(parameters, new Network.Threads(workers, 1));
        rnn.model.RecurrentState state = network.newState(N);
        List<float[]> fusedState = state.arrays();
        ReferenceModel reference = referenceOf(parameters);
        RecurrentState referenceState = reference.newState(N);
        for (int i = 0; i < fusedState.size(); i++) {   // the same non-zero carried state in both
            for (int j = 0; j < fusedState.get(i).length; j++) {
                fusedState.get(i)[j] = (float) (0.5 * random.nextGaussian());
            }
            referenceState.arrays().get(i).assign(Nd4j.create(toDouble(fusedState.get(i)), new long[] {N, 7}, 'c'));
        }

        double loss = network.trainingStep(ids, targets, T, state, dropouts, 99L, null);
        reference.forward(ids, T, referenceState, dropouts, 99L);
        double expectedLoss = reference.loss(targets);
        reference.backward();

        assertEquals(expectedLoss, loss, LOSS_TOLERANCE * expectedLoss, cell + " loss");
        for (Parameter p : reference.parameters().all()) {
            double[] expected = fusedLayout(p.grad());
            Parameters.View view = parameters.view(p.name());
            float[] actual = java.util.Arrays.copyOfRange(parameters.gradients(), view.offset(), view.offset() + view.length());
            assertClose(cell + " gradient of " + p.name(), expected, actual, GRADIENT_TOLERANCE);
        }
        for (int i = 0; i < fusedState.size(); i++) {
            double[] expected = referenceState.arrays().get(i).data().asDouble();
            float[] actual = fusedState.get(i);
            for (int j = 0; j < actual.length; j++) {
                assertEquals(expected[j], actual[j], STATE_TOLERANCE, cell + " carried state " + i);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"LSTM", "GRU", "RNN"})
    void validationLossIsTheTrainingForwardsLossWithoutDropout(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 9, 4, 7);
        Parameters parameters = Parameters.initialized(config, 5);
        Network network = new Network(parameters, new Network.Threads(2, 1));
        int[] ids = new Random(6).ints(T * N, 0, 7).toArray(), targets = new Random(7).ints(T * N, 0, 7).toArray();
        double training = network.trainingStep(ids, targets, T, network.newState(N), 0.0, 1L);
        double validation = network.loss(ids, targets, T, network.newState(N));
        assertEquals(training, validation, 1e-6);
        double dropped = network.trainingStep(ids, targets, T, network.newState(N), 0.5, 1L);
        assertTrue(Math.abs(dropped - validation) > 1e-3, "dropout changes the training loss");
    }

    /** A double-precision reference model with the fused parameters' weights, converted to its layout. */
    static ReferenceModel referenceOf(Parameters parameters) {
        ModelConfig config = parameters.config();
        ReferenceModel reference = ReferenceModel.empty(config, DataType.DOUBLE);
        for (Parameter p : reference.parameters().all()) {
            float[] fused = parameters.copyOf(p.name());
            long[] shape = p.value().shape();
            float[] gateByGate = shape.length == 3
                    ? FormatV1.gateByGate(fused, (int) shape[0], (int) shape[1], (int) shape[2]) : fused;
            p.value().assign(Nd4j.create(toDouble(gateByGate), shape, 'c'));
        }
        return reference;
    }

    /** A reference gradient in the fused layout ([G, R, H] gate by gate -> [R, G*H] side by side). */
    static double[] fusedLayout(INDArray gradient) {
        double[] values = gradient.dup('c').data().asDouble();
        long[] shape = gradient.shape();
        if (shape.length != 3) {
            return values;
        }
        float[] asFloat = new float[values.length]; // float is close enough for a float32 comparison
        for (int i = 0; i < values.length; i++) {
            asFloat[i] = (float) values[i];
        }
        return toDouble(FormatV1.sideBySide(asFloat, (int) shape[0], (int) shape[1], (int) shape[2]));
    }

    static void assertClose(String what, double[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 0, what + ": the reference gradient must not be all zero");
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]) / scale;
            if (error > tolerance) {
                throw new AssertionError(what + "[" + i + "]: fused " + actual[i] + " vs reference " + expected[i]
                        + " (error " + error + " of the largest element " + scale + ")");
            }
        }
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
