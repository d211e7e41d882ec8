package rnn.sample;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplingStrategyTest {
    private static final float[] LOGITS = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};

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
        assertEquals(1, new Greedy().pick(new float[] {1, 3, 3, 2}, new Random()), "ties go to the lowest id");
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
        for (float logit : LOGITS) {
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

    /**
     * At a Chinese-sized vocabulary, with ties, top-k and top-p mask exactly what the definitions by a full
     * sort would: top-k keeps every logit >= the k-th largest; top-p the shortest prefix of the symbols in
     * order of probability (then id) whose probabilities reach p.
     */
    @Test
    void topKAndTopPMaskWhatASortWould() {
        Random random = new Random(3);
        int vocab = 5403;
        for (int trial = 0; trial < 20; trial++) {
            float[] logits = new float[vocab];
            for (int v = 0; v < vocab; v++) {
                logits[v] = Math.round(random.nextGaussian() * 30) / 10f; // one decimal: many ties
            }
            int k = 1 + random.nextInt(trial < 10 ? 50 : vocab);
            float[] sorted = logits.clone();
            Arrays.sort(sorted);
            float threshold = sorted[vocab - k];
            boolean[] keptK = new boolean[vocab];
            for (int v = 0; v < vocab; v++) {
                keptK[v] = logits[v] >= threshold;
            }
            assertArrayEquals(keptK, kept(new TopK(k, null), logits), "top-" + k);

            double p = random.nextDouble();
            double max = sorted[vocab - 1], sum = 0;
            double[] probabilities = new double[vocab];
            for (int v = 0; v < vocab; v++) {
                probabilities[v] = Math.exp(logits[v] - max);
                sum += probabilities[v];
            }
            final double total = sum;
            Integer[] order = IntStream.range(0, vocab).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer v) -> -probabilities[v]).thenComparingInt(v -> v));
            boolean[] keptP = new boolean[vocab];
            double cumulative = 0;
            for (int rank = 0; rank < vocab && cumulative < p; rank++) {
                keptP[order[rank]] = true;
                cumulative += probabilities[order[rank]] / total;
            }
            assertArrayEquals(keptP, kept(new TopP(p, null, 1), logits), "top-p " + p);
        }
    }

    /** Which symbols a masking strategy leaves for the next one. */
    private static boolean[] kept(SamplingStrategy masking, float[] logits) {
        float[][] seen = new float[1][];
        SamplingStrategy recorder = (l, r) -> {
            seen[0] = l.clone();
            return 0;
        };
        SamplingStrategy strategy = masking instanceof TopK t ? new TopK(t.k(), recorder) : new TopP(((TopP) masking).p(), recorder, 2);
        strategy.pick(logits.clone(), new Random(1));
        boolean[] kept = new boolean[logits.length];
        for (int v = 0; v < logits.length; v++) {
            kept[v] = seen[0][v] != Float.NEGATIVE_INFINITY;
        }
        return kept;
    }
}
