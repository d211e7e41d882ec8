package rnn.train;

import org.junit.jupiter.api.Test;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.Parameters;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamTest {
    private static final ModelConfig TINY = new ModelConfig(CellType.RNN, 1, 1, 1, 2);

    /** Two steps worked out by hand (beta1 0.9, beta2 0.999, eps 1e-8, lr 0.1), to float precision. */
    @Test
    void twoStepsMatchHandComputedValues() {
        Parameters parameters = Parameters.initialized(TINY, 1);
        parameters.set("output.bias", new float[] {1f, -2f});
        Adam adam = new Adam(parameters, 0);
        setGradient(parameters, "output.bias", 0.5f, 0.1f);
        adam.update(0.1);
        // m = (0.05, 0.01), v = (0.00025, 0.00001), m̂ = g, v̂ = g²: each moves by lr · g/(|g|+ε)
        assertArrayEquals(new float[] {0.9f, -2.1f}, parameters.copyOf("output.bias"), 1e-6f);
        setGradient(parameters, "output.bias", -0.2f, 0.3f);
        adam.update(0.1);
        // m = (0.025, 0.039), v = (0.00028975, 0.00009999), bias corrections 0.19 and 0.001999
        assertArrayEquals(new float[] {0.025f, 0.039f}, adam.moments().get("adam.m.output.bias").data(), 5e-9f);
        assertArrayEquals(new float[] {0.00028975f, 0.00009999f}, adam.moments().get("adam.v.output.bias").data(), 5e-11f);
        assertArrayEquals(new float[] {0.8654394181165107f, -2.19177809779441f}, parameters.copyOf("output.bias"), 1e-6f);
        assertEquals(2, adam.step());
    }

    /**
     * AdamW as PyTorch's torch.optim.AdamW computes it: θ(1 - lr λ) first, then the Adam step. With
     * lr 0.1 and λ 0.5, a weight matrix entry w with gradient g moves to 0.95 w - 0.1 g/(|g|+ε) on the
     * first step; a bias with the same gradient moves as plain Adam moves it.
     */
    @Test
    void weightDecayShrinksTheMatricesBeforeTheAdamStep() {
        Parameters parameters = Parameters.initialized(TINY, 1);
        parameters.set("output.weight", new float[] {1f, -2f}); // [H, V] = [1, 2]
        parameters.set("output.bias", new float[] {1f, -2f});
        Adam adam = new Adam(parameters, 0.5);
        setGradient(parameters, "output.weight", 0.5f, 0.1f);
        setGradient(parameters, "output.bias", 0.5f, 0.1f);
        adam.update(0.1);
        assertArrayEquals(new float[] {0.85f, -2.0f}, parameters.copyOf("output.weight"), 1e-6f);
        assertArrayEquals(new float[] {0.9f, -2.1f}, parameters.copyOf("output.bias"), 1e-6f);
    }

    /** With no gradient Adam does not move a weight; the decay alone shrinks every matrix, and only the matrices. */
    @Test
    void weightDecayReachesEveryMatrixAndNoBias() {
        ModelConfig lstm = new ModelConfig(CellType.LSTM, 2, 3, 2, 4);
        Parameters parameters = Parameters.initialized(lstm, 7);
        float[] before = parameters.values().clone();
        Adam adam = new Adam(parameters, 0.1);
        for (int step = 0; step < 3; step++) {
            adam.update(0.2);
        }
        double shrink = Math.pow(1 - 0.2 * 0.1, 3);
        for (Parameters.View view : parameters.views()) {
            for (int i = view.offset(); i < view.offset() + view.length(); i++) {
                double expected = view.shape().length == 2 ? before[i] * shrink : before[i];
                assertEquals(expected, parameters.values()[i], 1e-6, view.name() + "[" + (i - view.offset()) + "]");
            }
        }
        assertEquals(6, parameters.views().stream().filter(v -> v.shape().length == 2).count(),
                "the embedding, the output weight and two layers' wx and wh");
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        Parameters parameters = Parameters.zeros(TINY);
        setGradient(parameters, "output.bias", 3f, 0f);
        setGradient(parameters, "layer0.b", 4f); // [G*H] = [1]
        assertEquals(5.0, GradientClipping.clip(parameters, 1.0), 1e-6);
        assertArrayEquals(new float[] {0.6f, 0f}, gradient(parameters, "output.bias"), 1e-7f);
        assertEquals(1.0, GradientClipping.clip(parameters, 0), 1e-6);   // 0 = off: unchanged
        assertEquals(1.0, GradientClipping.clip(parameters, 2.0), 1e-6); // below the bound: unchanged
        assertArrayEquals(new float[] {0.8f}, gradient(parameters, "layer0.b"), 1e-7f);
    }

    private static void setGradient(Parameters parameters, String name, float... values) {
        System.arraycopy(values, 0, parameters.gradients(), parameters.view(name).offset(), values.length);
    }

    private static float[] gradient(Parameters parameters, String name) {
        Parameters.View view = parameters.view(name);
        return Arrays.copyOfRange(parameters.gradients(), view.offset(), view.offset() + view.length());
    }
}
