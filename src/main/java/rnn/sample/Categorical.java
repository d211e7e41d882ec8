package rnn.sample;

import java.util.Random;

/** Draws a symbol with probability softmax(logits): one uniform draw, walked along the cumulative sum. */
final class Categorical implements SamplingStrategy {
    @Override
    public int pick(double[] logits, Random random) {
        double[] probabilities = softmax(logits);
        double u = random.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] > 0) {
                last = i;
                cumulative += probabilities[i];
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // u fell in the rounding gap below 1
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
