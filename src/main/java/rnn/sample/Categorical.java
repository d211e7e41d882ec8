package rnn.sample;

import java.util.Random;

/**
 * Draws a symbol with probability softmax(logits): one uniform draw u, walked along the cumulative sum.
 * The logits become e^(x - max) in place and u is scaled by their sum, rather than divided into
 * probabilities first: the same draw, with no array allocated and no division pass per character.
 */
final class Categorical implements SamplingStrategy {
    @Override
    public int pick(double[] logits, Random random) {
        double u = random.nextDouble() * exponentiate(logits);
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

    /** softmax(x)_i = exp(x_i - max x) / Σ_j exp(x_j - max x); masked (-inf) entries get 0. */
    static double[] softmax(double[] logits) {
        double[] probabilities = logits.clone();
        double sum = exponentiate(probabilities);
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }

    /** x_i becomes exp(x_i - max x), in place (masked -inf entries become 0); returns their sum. */
    private static double exponentiate(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.exp(x[i] - max);
            sum += x[i];
        }
        return sum;
    }
}
