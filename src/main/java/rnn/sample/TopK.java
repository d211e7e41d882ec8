package rnn.sample;

import java.util.Arrays;
import java.util.Random;

/** Keeps the k most likely symbols (ties at the k-th value all kept) and masks out the rest. */
final class TopK implements SamplingStrategy {
    private final int k;
    private final SamplingStrategy next;

    TopK(int k, SamplingStrategy next) {
        this.k = k;
        this.next = next;
    }

    @Override
    public int pick(double[] logits, Random random) {
        if (k < logits.length) {
            double[] sorted = logits.clone();
            Arrays.sort(sorted);
            double threshold = sorted[sorted.length - k];
            for (int i = 0; i < logits.length; i++) {
                if (logits[i] < threshold) {
                    logits[i] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        return next.pick(logits, random);
    }
}
