package rnn.eval;

import org.junit.jupiter.api.Test;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.Network;
import rnn.model.Parameters;
import rnn.model.CharacterModel;
import rnn.text.Vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluatorTest {
    /**
     * All weights zero except the output bias b = (0, ln 2, ln 3): every LSTM state stays 0, so every
     * prediction is softmax(b) = (1/6, 2/6, 3/6) over (a, b, c). Scoring "abca" predicts b, c, a:
     * loss = (ln 3 + ln 2 + ln 6) / 3 nats.
     */
    /**
     * A case where the cell and the carried state decide the score: a tanh RNN of one unit, h[t] =
     * tanh(2·e(x[t]) + 0.5·h[t-1]) with e(a) = 1, e(b) = -1, and logits (h, -h), so P(a) = σ(2h). Scoring
     * "aab" predicts a after the first a (h1 = tanh 2) and b after the second (h2 = tanh(2 + 0.5·h1)).
     */
    @Test
    void aHandComputedRecurrentCaseCarriesTheState() {
        Vocabulary vocabulary = Vocabulary.of("ab".codePoints().toArray());
        ModelConfig config = new ModelConfig(CellType.RNN, 1, 1, 1, 2);
        Parameters parameters = Parameters.zeros(config);
        parameters.set("embedding.table", new float[] {1f, -1f});
        parameters.set("layer0.wx", new float[] {2f});
        parameters.set("layer0.wh", new float[] {0.5f});
        parameters.set("output.weight", new float[] {1f, -1f});
        CharacterModel model = CharacterModel.of(config, parameters::copyOf);

        double h1 = Math.tanh(2), h2 = Math.tanh(2 + 0.5 * h1);
        double expected = (-Math.log(1 / (1 + Math.exp(-2 * h1))) - Math.log(1 / (1 + Math.exp(2 * h2)))) / 2;
        Evaluator.Evaluation result = Evaluator.evaluate(model, vocabulary, "aab".codePoints().toArray());
        assertEquals(2, result.chars());
        assertEquals(expected, result.loss(), 1e-5);
        double withoutState = (-Math.log(1 / (1 + Math.exp(-2 * h1))) - Math.log(1 / (1 + Math.exp(2 * h1)))) / 2;
        assertEquals(true, Math.abs(expected - withoutState) > 1e-3, "the carried state changes the score: the case tests it");
    }

    @Test
    void lossBitsAndPerplexityMatchAHandComputedCase() {
        Vocabulary vocabulary = Vocabulary.of("abc".codePoints().toArray());
        ModelConfig config = new ModelConfig(CellType.LSTM, 2, 4, 3, 3);
        Parameters parameters = Parameters.zeros(config);
        parameters.set("output.bias", new float[] {0f, (float) Math.log(2), (float) Math.log(3)});
        CharacterModel model = CharacterModel.of(config, parameters::copyOf);

        Evaluator.Evaluation result = Evaluator.evaluate(model, vocabulary, "abca".codePoints().toArray());
        double expected = (Math.log(3) + Math.log(2) + Math.log(6)) / 3;
        assertEquals(3, result.chars());
        assertEquals(expected, result.loss(), 1e-6);
        assertEquals(expected / Math.log(2), result.bitsPerChar(), 1e-6);
        assertEquals(Math.exp(expected), result.perplexity(), 1e-5);
        assertEquals(0, result.oov());

        Evaluator.Evaluation withUnknown = Evaluator.evaluate(model, vocabulary, "abxc🙂a".codePoints().toArray());
        assertEquals(2, withUnknown.oov(), "x and the emoji are skipped and counted");
        assertEquals(expected, withUnknown.loss(), 1e-6);
    }

    @Test
    void longTextsAreScoredWithTheStateCarriedAsTheTrainingEngineScoresThem() {
        Vocabulary vocabulary = Vocabulary.of("abc".codePoints().toArray());
        Network network = new Network(Parameters.initialized(new ModelConfig(CellType.GRU, 1, 8, 3, 3), 2),
                new Network.Threads(1, 1));
        int[] text = new java.util.Random(1).ints(1000, 'a', 'd').toArray();
        // The same text scored one character at a time on the Java heap vs all at once by the training engine.
        Evaluator.Evaluation chunked = Evaluator.evaluate(network.characterModel(), vocabulary, text);
        int[] ids = vocabulary.encode(text);
        double whole = network.loss(java.util.Arrays.copyOfRange(ids, 0, 999), java.util.Arrays.copyOfRange(ids, 1, 1000),
                999, network.newState(1));
        assertEquals(999, chunked.chars());
        assertEquals(whole, chunked.loss(), 1e-5);
    }
}
