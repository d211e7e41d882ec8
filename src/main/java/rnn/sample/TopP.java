package rnn.sample;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Nucleus sampling (Holtzman et al. 2019): keeps the smallest set of most likely symbols whose
 * probabilities sum to at least p, and masks out the rest.
 */
final class TopP implements SamplingStrategy {
    private final double p;
    private final SamplingStrategy next;

    TopP(double p, SamplingStrategy next) {
        this.p = p;
        this.next = next;
    }

    @Override
    public int pick(double[] logits, Random random) {
        double[] probabilities = Categorical.softmax(logits);
        Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparingInt(i -> i));
        double cumulative = 0;
        int kept = 0;
        while (kept < order.length && cumulative < p) {
            cumulative += probabilities[order[kept++]];
        }
        for (int rank = kept; rank < order.length; rank++) {
            logits[order[rank]] = Double.NEGATIVE_INFINITY;
        }
        return next.pick(logits, random);
    }
}
