package rnn.eval;

import org.junit.jupiter.api.Test;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.CharacterModel;
import rnn.model.Parameters;
import rnn.text.Vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamicEvaluatorTest {
    private static final ModelConfig CONFIG = new ModelConfig(CellType.LSTM, 2, 16, 8, 5);
    private static final Vocabulary VOCABULARY = Vocabulary.of("abcd\n".codePoints().toArray());

    private static int[] text(int length) {
        java.util.Random random = new java.util.Random(4);
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(random.nextInt(3) == 0 ? "abcd\n" : "abab"); // a pattern an untrained model can pick up as it reads
        }
        return text.codePoints().limit(length).toArray();
    }

    @Test
    void withoutLearningItScoresWhatTheStaticEvaluationScores() {
        int[] text = text(333); // segments of 50, the last one shorter
        Parameters parameters = Parameters.initialized(CONFIG, 7);
        Evaluator.Evaluation fixed = Evaluator.evaluate(CharacterModel.of(CONFIG, parameters::copyOf), VOCABULARY, text);
        Evaluator.Evaluation dynamic = DynamicEvaluator.evaluate(parameters, VOCABULARY, text,
                new DynamicEvaluator.Settings(1e-30, 0, 50), 1);
        assertEquals(fixed.chars(), dynamic.chars());
        assertEquals(fixed.loss(), dynamic.loss(), 1e-5, "every character scored once, the state carried across segments");
    }

    @Test
    void learningFromWhatItHasReadLowersTheLossOfWhatFollows() {
        int[] text = text(3000);
        Evaluator.Evaluation fixed = DynamicEvaluator.evaluate(Parameters.initialized(CONFIG, 7), VOCABULARY, text,
                new DynamicEvaluator.Settings(1e-30, 0, 50), 1);
        Evaluator.Evaluation dynamic = DynamicEvaluator.evaluate(Parameters.initialized(CONFIG, 7), VOCABULARY, text,
                new DynamicEvaluator.Settings(0.5, 0, 50), 2);
        assertTrue(dynamic.loss() < fixed.loss() - 0.2, "static " + fixed.loss() + ", dynamic " + dynamic.loss());
        Evaluator.Evaluation pulledBack = DynamicEvaluator.evaluate(Parameters.initialized(CONFIG, 7), VOCABULARY, text,
                new DynamicEvaluator.Settings(0.5, 1, 50), 2);
        assertTrue(pulledBack.loss() > dynamic.loss(), "decay 1 forgets each update: " + pulledBack.loss() + " vs " + dynamic.loss());
    }
}
