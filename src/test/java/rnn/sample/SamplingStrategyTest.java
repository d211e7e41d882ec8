package rnn.sample;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplingStrategyTest {
    private static final double[] LOGITS = {Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)};

    private static int[] histogram(SamplingStrategy strategy, int draws) {
        Random random = new Random(1);
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            counts[strategy.pick(LOGITS.clone(), random)]++;
        }
        return counts;
    }

    @Test
    void temperatureZeroIsGreedy() {
        int[] counts = histogram(SamplingStrategy.of(0, 0, 1), 100);
        assertEquals(100, counts[0]);
        assertEquals(1, new Greedy().pick(new double[] {1, 3, 3, 2}, new Random()), "ties go to the lowest id");
    }

    @Test
    void temperatureOneSamplesTheModelsDistribution() {
        int draws = 40_000;
        int[] counts = histogram(SamplingStrategy.of(1, 0, 1), draws);
        double[] expected = {0.5, 0.3, 0.15, 0.05};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], counts[i] / (double) draws, 0.01, "symbol " + i);
        }
    }

    @Test
    void lowTemperatureSharpensHighTemperatureFlattens() {
        int[] cold = histogram(SamplingStrategy.of(0.25, 0, 1), 10_000);
        int[] hot = histogram(SamplingStrategy.of(4, 0, 1), 10_000);
        // softmax(logits / T) is p^(1/T) renormalised
        assertEquals(tempered(0, 0.25), cold[0] / 10_000.0, 0.015);
        assertEquals(tempered(3, 4), hot[3] / 10_000.0, 0.015);
        assertTrue(cold[0] > 8_500 && hot[3] > 1_500);
    }

    private static double tempered(int symbol, double temperature) {
        double sum = 0;
        for (double logit : LOGITS) {
            sum += Math.exp(logit / temperature);
        }
        return Math.exp(LOGITS[symbol] / temperature) / sum;
    }

    @Test
    void topKKeepsOnlyTheKMostLikely() {
        int[] counts = histogram(SamplingStrategy.of(1, 2, 1), 10_000);
        assertEquals(0, counts[2] + counts[3]);
        assertEquals(0.5 / 0.8, counts[0] / 10_000.0, 0.02, "renormalised over the kept two");
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        int[] seventy = histogram(SamplingStrategy.of(1, 0, 0.7), 10_000);
        assertEquals(0, seventy[2] + seventy[3]); // 0.5 + 0.3 >= 0.7
        assertTrue(seventy[1] > 0);
        int[] ninety = histogram(SamplingStrategy.of(1, 0, 0.9), 10_000);
        assertEquals(0, ninety[3]);               // 0.5 + 0.3 + 0.15 >= 0.9
        assertTrue(ninety[2] > 0);
    }
}
