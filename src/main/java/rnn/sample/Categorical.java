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
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logits) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Math.exp(logits[i] - max); // masked (-inf) entries become 0
            sum += logits[i];
        }
        double u = random.nextDouble() * sum;
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
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logits) {
            max = Math.max(max, x);
        }
        double[] probabilities = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = Math.exp(logits[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }
}
