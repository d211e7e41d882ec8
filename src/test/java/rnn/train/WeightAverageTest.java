package rnn.train;

import org.junit.jupiter.api.Test;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.Parameters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class WeightAverageTest {
    @Test
    void theAverageRampsUpItsDecayThenMovesByItAndSwapsInPlace() {
        Parameters parameters = Parameters.initialized(new ModelConfig(CellType.RNN, 1, 2, 2, 3), 1);
        float[] weights = parameters.values();
        float[] start = weights.clone();
        WeightAverage average = new WeightAverage(parameters, 0.99);
        java.util.Arrays.fill(weights, 1f);
        average.update(weights, 1);               // d = min(0.99, 2/11)
        float d = (float) (2.0 / 11);
        average.swap(weights);                    // weights now hold the average
        for (int i = 0; i < weights.length; i++) {
            assertEquals(d * start[i] + (1 - d), weights[i], 1e-6, "element " + i);
        }
        average.swap(weights);
        float[] ones = new float[weights.length];
        java.util.Arrays.fill(ones, 1f);
        assertArrayEquals(ones, weights, "two swaps put both back");
        float[] before = weights.clone();
        average.swap(before);
        float[] averaged = before.clone();
        average.swap(before);
        average.update(weights, 1_000_000);       // d = 0.99 once the ramp has passed it
        average.swap(weights);
        for (int i = 0; i < weights.length; i++) {
            assertEquals(0.99f * averaged[i] + 0.01f, weights[i], 1e-6, "element " + i);
        }
    }
}
