package rnn.train;

import static rnn.config.TrainingSetting.*;

import org.junit.jupiter.api.Test;
import rnn.config.LrSchedule;
import rnn.config.TrainingConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LrScheduleTest {
    private static TrainingConfig config(LrSchedule schedule, double lrDecay, int warmup) {
        return TrainingConfig.builder().set(SEQ_LEN, 10).set(BATCH, 4).set(DROPOUT, 0.0).set(LEARNING_RATE, 2e-3).set(LR_DECAY, lrDecay)
                        .set(SCHEDULE, schedule).set(WARMUP, warmup).set(CLIP, 5.0).set(VAL_FRAC, 0.1).set(SEED, 1L)
                        .set(FORGET_BIAS, 0.0).set(WEIGHT_DECAY, 0.0).set(EMA, 0.0).set(LOCKED_DROPOUT, 0.0).set(EMBED_DROP, 0.0).set(WEIGHT_DROP, 0.0).build();
    }

    @Test
    void constantIgnoresStepEpochAndProgress() {
        TrainingConfig c = config(LrSchedule.CONSTANT, 1, 0);
        assertEquals(2e-3, c.learningRate(0, 0, 0), 0);
        assertEquals(2e-3, c.learningRate(5000, 40, 1), 0);
    }

    @Test
    void stepMultipliesByTheDecayEveryEpoch() {
        TrainingConfig c = config(LrSchedule.STEP, 0.5, 0);
        assertEquals(2e-3, c.learningRate(3, 0, 0.1), 0);
        assertEquals(2e-3 * 0.125, c.learningRate(300, 3, 0.1), 1e-18);
    }

    @Test
    void cosineStartsAtTheRateAndEndsAtItsFloor() {
        TrainingConfig c = config(LrSchedule.COSINE, 1, 0);
        assertEquals(2e-3, c.learningRate(0, 0, 0), 1e-18);
        assertEquals(2e-3 * (0.1 + 0.9 * 0.5), c.learningRate(50, 0, 0.5), 1e-15, "halfway: halfway between lr and floor");
        assertEquals(2e-3 * (0.1 + 0.9 * (1 + Math.cos(Math.PI / 4)) / 2), c.learningRate(25, 0, 0.25), 1e-15);
        assertEquals(2e-4, c.learningRate(99, 0, 1), 1e-18, "the floor is a tenth of --lr");
        assertEquals(2e-4, c.learningRate(120, 0, 1.3), 1e-18, "past the end it stays at the floor");
    }

    @Test
    void warmupRisesLinearlyThenHandsOver() {
        TrainingConfig c = config(LrSchedule.CONSTANT, 1, 4);
        assertEquals(0.5e-3, c.learningRate(0, 0, 0), 1e-18);
        assertEquals(1.5e-3, c.learningRate(2, 0, 0), 1e-18);
        assertEquals(2e-3, c.learningRate(3, 0, 0), 1e-18);
        assertEquals(2e-3, c.learningRate(100, 0, 0), 1e-18);
        TrainingConfig cosine = config(LrSchedule.COSINE, 1, 10);
        assertEquals(0.1 * cosine.learningRate(100, 0, 0.01), cosine.learningRate(0, 0, 0.01), 1e-18,
                "warm-up scales whatever the schedule gives");
    }

    @Test
    void warmupEndsByATenthOfTheRun() {
        TrainingConfig c = config(LrSchedule.CONSTANT, 1, 200);
        assertEquals(2e-3 / 200, c.learningRate(0, 0, 1.0 / 15650), 1e-15, "a long run: 200 steps, as asked");
        assertEquals(2e-3 * 100 / 200, c.learningRate(99, 0, 100.0 / 15650), 1e-15);
        assertEquals(2e-3 * 0.5, c.learningRate(9, 0, 10.0 / 200), 1e-15, "a run of 200 steps: over by step 20, not 200");
        assertEquals(2e-3, c.learningRate(19, 0, 20.0 / 200), 1e-15);
        assertEquals(2e-3 * 10 / 200, c.learningRate(9, 0, 0), 1e-15, "no known end (progress 0): the steps alone");
    }
}
