package rnn.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import rnn.model.CellType;
import rnn.model.CharRnn;
import rnn.model.ModelConfig;
import rnn.text.Vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluatorTest {
    /**
     * All weights zero except the output bias b = (0, ln 2, ln 3): every LSTM state stays 0, so every
     * prediction is softmax(b) = (1/6, 2/6, 3/6) over (a, b, c). Scoring "abca" predicts b, c, a:
     * loss = (ln 3 + ln 2 + ln 6) / 3 nats.
     */
    @Test
    void lossBitsAndPerplexityMatchAHandComputedCase() {
        Vocabulary vocabulary = Vocabulary.of("abc".codePoints().toArray());
        CharRnn model = CharRnn.empty(new ModelConfig(CellType.LSTM, 2, 4, 3, 3), DataType.FLOAT);
        model.parameters().get("output.bias").value().assign(Nd4j.createFromArray(0f, (float) Math.log(2), (float) Math.log(3)));

        Evaluator.Evaluation result = Evaluator.evaluate(model.stepModel(), vocabulary, "abca".codePoints().toArray());
        double expected = (Math.log(3) + Math.log(2) + Math.log(6)) / 3;
        assertEquals(3, result.chars());
        assertEquals(expected, result.loss(), 1e-6);
        assertEquals(expected / Math.log(2), result.bitsPerChar(), 1e-6);
        assertEquals(Math.exp(expected), result.perplexity(), 1e-5);
        assertEquals(0, result.oov());

        Evaluator.Evaluation withUnknown = Evaluator.evaluate(model.stepModel(), vocabulary, "abxc🙂a".codePoints().toArray());
        assertEquals(2, withUnknown.oov(), "x and the emoji are skipped and counted");
        assertEquals(expected, withUnknown.loss(), 1e-6);
    }

    @Test
    void longTextsAreScoredWithTheStateCarriedAsTheNd4jModelScoresThem() {
        Vocabulary vocabulary = Vocabulary.of("abc".codePoints().toArray());
        CharRnn model = CharRnn.initialized(new ModelConfig(CellType.GRU, 1, 8, 3, 3), DataType.FLOAT, 2);
        int[] text = new java.util.Random(1).ints(1000, 'a', 'd').toArray();
        // The same text scored one character at a time on the Java heap vs all at once by the ND4J model.
        Evaluator.Evaluation chunked = Evaluator.evaluate(model.stepModel(), vocabulary, text);
        int[] ids = vocabulary.encode(text);
        model.forward(java.util.Arrays.copyOfRange(ids, 0, 999), 999, model.newState(1));
        double whole = model.loss(java.util.Arrays.copyOfRange(ids, 1, 1000));
        assertEquals(999, chunked.chars());
        assertEquals(whole, chunked.loss(), 1e-5);
    }
}
