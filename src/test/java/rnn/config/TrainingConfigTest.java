package rnn.config;

import org.junit.jupiter.api.Test;
import rnn.UserInputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.config.TrainingSetting.*;

class TrainingConfigTest {
    private static TrainingConfig.Builder valid() {
        return TrainingConfig.builder().set(SEQ_LEN, 100).set(BATCH, 32).set(LEARNING_RATE, 2e-3)
                .set(SCHEDULE, LrSchedule.COSINE).set(LR_DECAY, 1.0).set(WARMUP, 0).set(CLIP, 5.0).set(DROPOUT, 0.2)
                .set(WEIGHT_DROP, 0.3).set(WEIGHT_DECAY, 0.1).set(EMA, 0.0).set(LOCKED_DROPOUT, 0.0).set(EMBED_DROP, 0.0).set(VAL_FRAC, 0.1).set(SEED, 1L).set(FORGET_BIAS, 0.0);
    }

    @Test
    void eachValueIsReadBackByItsSetting() {
        TrainingConfig config = valid().set(BATCH, 7).set(WEIGHT_DROP, 0.25).build();
        assertEquals(7, config.batch());
        assertEquals(0.25, config.get(WEIGHT_DROP));
        assertEquals(0.1, config.weightDecay()); // the two doubles beside it are not swapped
        assertEquals(valid().set(BATCH, 7).set(WEIGHT_DROP, 0.25).build(), config);
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingItsFlag() {
        assertEquals("--dropout must be at least 0 and below 1 (got 1.5)",
                assertThrows(UserInputException.class, () -> valid().set(DROPOUT, 1.5).build()).getMessage());
        assertEquals("--seq-len must be between 1 and 100000 (got 0)",
                assertThrows(UserInputException.class, () -> valid().set(SEQ_LEN, 0).build()).getMessage());
        // checks that relate two settings see the whole configuration, whatever order they were set in
        assertEquals("--lr-decay applies to --lr-schedule step only (the schedule is cosine); add --lr-schedule step or drop --lr-decay",
                assertThrows(UserInputException.class, () -> valid().set(LR_DECAY, 0.9).build()).getMessage());
        valid().set(LR_DECAY, 0.9).set(SCHEDULE, LrSchedule.STEP).build();
        assertTrue(assertThrows(UserInputException.class, () -> valid().set(LEARNING_RATE, 0.5).set(WEIGHT_DECAY, 2.0).build())
                .getMessage().startsWith("--weight-decay must be at least 0 and its product with --lr below 1"));
    }

    @Test
    void everySettingMustBeGiven() {
        TrainingConfig.Builder missing = TrainingConfig.builder().set(SEQ_LEN, 100);
        assertTrue(assertThrows(IllegalStateException.class, missing::build).getMessage().contains("--weight-decay"));
    }

    @Test
    void checkpointsFromBeforeASettingReadAsTheyWereTrained() {
        assertEquals(LrSchedule.STEP, SCHEDULE.before(s -> s == LR_DECAY ? 0.97 : null));
        assertEquals(LrSchedule.CONSTANT, SCHEDULE.before(s -> s == LR_DECAY ? 1.0 : null));
        assertEquals(TrainingConfig.FORMER_FORGET_BIAS, FORGET_BIAS.before(s -> null));
        assertEquals(0.0, WEIGHT_DROP.before(s -> null));
        assertTrue(!SEQ_LEN.optional() && WARMUP.optional());
    }
}
