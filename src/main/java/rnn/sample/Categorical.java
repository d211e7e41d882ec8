package rnn.sample;

import rnn.model.CharacterModel;

import java.util.Random;

/**
 * Draws a symbol with probability softmax(logits): one uniform draw u, walked along the cumulative sum.
 * The logits become e^(x - max) in place (the model's softmax pass, in SIMD lanes where it has them) and
 * u is scaled by their sum, rather than divided into probabilities first: the same draw, with no array
 * allocated and no division pass per character. Masked symbols (-inf) weigh 0 and are never drawn.
 */
final class Categorical implements SamplingStrategy {
    private final int threads;

    Categorical(int threads) {
        this.threads = threads;
    }

    @Override
    public int pick(float[] logits, Random random) {
        double u = random.nextDouble() * CharacterModel.exponentiate(logits, threads);
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > 0) {
                last = i;
                cumulative += logits[i];
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // u fell in the rounding gap below the sum
    }
}
