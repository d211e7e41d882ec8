package rnn.sample;

import java.util.Random;

/** logits / T: below 1 sharpens the distribution (safer text), above 1 flattens it (wilder text). */
final class Temperature implements SamplingStrategy {
    private final double temperature;
    private final SamplingStrategy next;

    Temperature(double temperature, SamplingStrategy next) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive");
        }
        this.temperature = temperature;
        this.next = next;
    }

    @Override
    public int pick(float[] logits, Random random) {
        if (temperature != 1) {
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (logits[i] / temperature);
            }
        }
        return next.pick(logits, random);
    }
}
