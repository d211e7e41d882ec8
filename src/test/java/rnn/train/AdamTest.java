package rnn.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import rnn.model.CellType;
import rnn.model.CharRnn;
import rnn.model.ModelConfig;
import rnn.model.Parameter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamTest {
    /** Two steps worked out by hand (beta1 0.9, beta2 0.999, eps 1e-8, lr 0.1). */
    @Test
    void twoStepsMatchHandComputedValues() {
        CharRnn model = CharRnn.initialized(new ModelConfig(CellType.RNN, 1, 1, 1, 2), DataType.DOUBLE, 1);
        Parameter p = model.parameters().get("output.bias"); // [2]
        p.value().assign(Nd4j.createFromArray(1.0, -2.0));
        Adam adam = new Adam(model.parameters());
        for (Parameter other : model.parameters().all()) {
            other.grad().assign(0);
        }
        p.grad().assign(Nd4j.createFromArray(0.5, 0.1));
        adam.update(0.1);
        // m = (0.05, 0.01), v = (0.00025, 0.00001), m̂ = g, v̂ = g²: each moves by lr · g/(|g|+ε)
        assertArrayEquals(new double[] {0.9000000019999999, -2.099999990000001}, p.value().toDoubleVector(), 1e-12);
        p.grad().assign(Nd4j.createFromArray(-0.2, 0.3));
        adam.update(0.1);
        // m = (0.025, 0.039), v = (0.00028975, 0.00009999), bias corrections 0.19 and 0.001999
        assertArrayEquals(new double[] {0.025, 0.039}, adam.firstMoments().get("output.bias").toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {0.00028975, 0.00009999}, adam.secondMoments().get("output.bias").toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {0.8654394181165107, -2.19177809779441}, p.value().toDoubleVector(), 1e-12);
        assertEquals(2, adam.step());
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        CharRnn model = CharRnn.initialized(new ModelConfig(CellType.RNN, 1, 1, 1, 2), DataType.DOUBLE, 1);
        for (Parameter p : model.parameters().all()) {
            p.grad().assign(0);
        }
        model.parameters().get("output.bias").grad().assign(Nd4j.createFromArray(3.0, 0.0));
        model.parameters().get("layer0.b").grad().assign(4.0); // [1, 1]
        assertEquals(5.0, GradientClipping.clip(model.parameters(), 1.0), 1e-12);
        assertEquals(1.0, GradientClipping.globalNorm(model.parameters()), 1e-12);
        assertArrayEquals(new double[] {0.6, 0.0}, model.parameters().get("output.bias").grad().toDoubleVector(), 1e-12);
        assertEquals(1.0, GradientClipping.clip(model.parameters(), 0), 1e-12); // 0 = off: unchanged
        assertEquals(1.0, GradientClipping.clip(model.parameters(), 2.0), 1e-12); // below the bound: unchanged
        assertEquals(1.0, GradientClipping.globalNorm(model.parameters()), 1e-12);
    }
}
