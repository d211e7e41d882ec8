package rnn.sample;

import java.util.Random;

/** Always the most likely symbol (the lowest id among ties): temperature 0. */
final class Greedy implements SamplingStrategy {
    @Override
    public int pick(float[] logits, Random random) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
