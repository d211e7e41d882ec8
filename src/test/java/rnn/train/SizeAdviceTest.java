package rnn.train;

import org.junit.jupiter.api.Test;
import rnn.config.CellType;
import rnn.config.ModelConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 24, item 6: the advice on the runs bench/model-size measured, and silence where none is needed. */
class SizeAdviceTest {
    private static final ModelConfig DEFAULT_65 = new ModelConfig(CellType.LSTM, 2, 256, 64, 65);
    private static final ModelConfig SMALL_65 = new ModelConfig(CellType.LSTM, 1, 64, 64, 65);

    @Test
    void theDefaultModelOnThreePercentOfShakespeareIsTooLarge() {
        String advice = SizeAdvice.of(DEFAULT_65, 30_115).orElseThrow();
        assertTrue(advice.startsWith("advice: 874,881 parameters for 30,115 training characters (29 per character) is far more"), advice);
        assertTrue(advice.contains("try --hidden 32"), advice); // about one parameter per character (1x64, 1.35 per character, did as well there)
    }

    @Test
    void aSmallModelOnAllOfShakespeareIsTooSmallAndTheDefaultsNeedNoAdvice() {
        String advice = SizeAdvice.of(SMALL_65, 1_003_855).orElseThrow();
        assertTrue(advice.contains("(0.04 per character) is far less") && advice.contains("try --hidden 512"), advice);
        assertTrue(SizeAdvice.of(DEFAULT_65, 1_003_855).isEmpty(), "the default model on tinyshakespeare");
        assertTrue(SizeAdvice.of(new ModelConfig(CellType.LSTM, 2, 256, 64, 5403), 1_100_000).isEmpty(), "the default on songci");
        assertTrue(SizeAdvice.of(SMALL_65, 30_115).isEmpty(), "1x64 on 3% of Shakespeare did as well as larger ones");
        assertEquals(SizeAdvice.of(DEFAULT_65, 30_115), SizeAdvice.of(DEFAULT_65, 30_115), "the same run, the same words");
    }
}
