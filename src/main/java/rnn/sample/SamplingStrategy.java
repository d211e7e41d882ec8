package rnn.sample;

import java.util.Random;

/**
 * Chooses the next symbol from the model's logits (unnormalised log-probabilities over the vocabulary).
 * Strategies compose: temperature scales the logits, top-k and top-p mask some out, and a categorical
 * draw picks from what is left; temperature 0 is greedy argmax.
 */
public interface SamplingStrategy {
    /** The chosen symbol id. {@code logits} may be modified. */
    int pick(double[] logits, Random random);

    /** The strategy for the sample command's flags; topK 0 and topP 1 mean off. */
    static SamplingStrategy of(double temperature, int topK, double topP) {
        if (temperature == 0) {
            return new Greedy();
        }
        SamplingStrategy strategy = new Categorical();
        if (topP < 1) {
            strategy = new TopP(topP, strategy);
        }
        if (topK > 0) {
            strategy = new TopK(topK, strategy);
        }
        return new Temperature(temperature, strategy);
    }
}
