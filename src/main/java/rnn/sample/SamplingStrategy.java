package rnn.sample;

import java.util.Random;

/**
 * Chooses the next symbol from the model's logits (unnormalised log-probabilities over the vocabulary).
 * Strategies compose: temperature scales the logits, top-k and top-p mask some out, and a categorical
 * draw picks from what is left; temperature 0 is greedy argmax. Each costs a few passes over the V
 * logits, none a sort of them: with a Chinese vocabulary (V = 5,000-10,000) a draw per character per
 * sample must cost less than the model's step.
 */
public interface SamplingStrategy {
    /** The chosen symbol id. {@code logits} [V] may be modified. */
    int pick(float[] logits, Random random);

    /** The strategy for the sample command's flags; topK 0 and topP 1 mean off. */
    static SamplingStrategy of(double temperature, int topK, double topP) {
        return of(temperature, topK, topP, 1);
    }

    /**
     * The same, its exponentials over the V logits shared between up to {@code threads} threads when V is
     * large; the draws do not depend on the number of threads.
     */
    static SamplingStrategy of(double temperature, int topK, double topP, int threads) {
        if (temperature == 0) {
            return new Greedy();
        }
        SamplingStrategy strategy = new Categorical(threads);
        if (topP < 1) {
            strategy = new TopP(topP, strategy, threads);
        }
        if (topK > 0) {
            strategy = new TopK(topK, strategy);
        }
        return new Temperature(temperature, strategy);
    }
}
