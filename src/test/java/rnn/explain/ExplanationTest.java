package rnn.explain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.eval.Evaluator;
import rnn.model.CharacterModel;
import rnn.model.Parameters;
import rnn.text.Vocabulary;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplanationTest {
    private static final String TEXT = "He said \"to be (or not)\",\nand left.\nShe: \"no.\"\n";
    private static final Vocabulary VOCABULARY = Vocabulary.of(TEXT.codePoints().distinct().sorted().toArray());

    private static CharacterModel model(CellType cell) {
        ModelConfig config = new ModelConfig(cell, 2, 6, 4, VOCABULARY.size());
        Parameters parameters = Parameters.initialized(config, 11);
        return CharacterModel.of(config, parameters::copyOf);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void surprisalIsWhatEvalScoresAndTheStatesAreTheModels(CellType cell) {
        CharacterModel model = model(cell);
        int[] text = TEXT.codePoints().toArray();
        Explanation explanation = Explanation.of(model, VOCABULARY, text);

        double loss = Evaluator.evaluate(model, VOCABULARY, text).loss();
        assertEquals(loss / Math.log(2), explanation.bitsPerChar(), 1e-5, "mean surprisal = eval's bits/char");
        assertTrue(Float.isNaN(explanation.surprisal[0]), "the first character is only context");

        CharacterModel.State state = model.newState(1);
        float[] logits = new float[VOCABULARY.size()];
        for (int t = 0; t < text.length; t++) {       // h (and c) after each character, as the model leaves them
            model.step(new int[] {VOCABULARY.idOf(text[t])}, state, logits, 1);
            for (int l = 0; l < 2; l++) {
                float[] row = java.util.Arrays.copyOfRange(explanation.hidden[l], t * 6, (t + 1) * 6);
                assertArrayEquals(state.hidden(l), row, "h, layer " + l + ", position " + t);
                if (cell == CellType.LSTM) {
                    assertArrayEquals(state.cell(l), java.util.Arrays.copyOfRange(explanation.cells[l], t * 6, (t + 1) * 6));
                }
            }
            float sum = CharacterModel.exponentiate(logits);
            int best = 0;
            for (int v = 1; v < logits.length; v++) {
                best = logits[v] > logits[best] ? v : best;
            }
            assertEquals(VOCABULARY.codePointOf(best), explanation.top[t][0], "the likeliest next character first");
            assertEquals(logits[best] / sum, explanation.topProbability[t][0], 1e-6);
        }
        if (cell != CellType.LSTM) {
            assertNull(explanation.cells, "only an LSTM has a cell state");
        }
    }

    @Test
    void theFiveNextCharactersAreTheLikeliestInOrderAndUnknownCharactersAreLeftOut() {
        Explanation explanation = Explanation.of(model(CellType.GRU), VOCABULARY, "to be€ or".codePoints().toArray());
        assertEquals(1, explanation.oov);
        assertEquals("to be or", new String(explanation.codePoints, 0, explanation.length()));
        for (int t = 0; t < explanation.length(); t++) {
            float total = 0;
            for (int k = 0; k < Explanation.TOP; k++) {
                total += explanation.topProbability[t][k];
                if (k > 0) {
                    assertTrue(explanation.topProbability[t][k] <= explanation.topProbability[t][k - 1], "descending");
                }
            }
            assertTrue(total > 0 && total <= 1.000001, "five of the probabilities: " + total);
            assertEquals(Explanation.TOP, java.util.Arrays.stream(explanation.top[t]).distinct().count(), "five different characters");
        }
    }

    @Test
    void featuresReadQuotesBracketsColumnsAndLineEnds() {
        int[] text = "a \"b\" (c)\nd".codePoints().toArray();
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0}, UnitRanking.Feature.IN_QUOTES.values(text));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0}, UnitRanking.Feature.IN_BRACKETS.values(text));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, UnitRanking.Feature.LINE_POSITION.values(text));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, UnitRanking.Feature.LINE_END.values(text));
        assertArrayEquals(new double[] {1, 1, 0}, UnitRanking.Feature.IN_QUOTES.values("「好」".codePoints().toArray()));
    }

    @Test
    void unitsAreRankedByTheirStrongestCorrelationWithAFeature() {
        Explanation explanation = Explanation.of(model(CellType.LSTM), VOCABULARY, TEXT.codePoints().toArray());
        List<UnitRanking.Unit> ranking = UnitRanking.rank(explanation);
        assertEquals(2 * 2 * 6, ranking.size(), "every unit of h and c in both layers");
        for (int i = 1; i < ranking.size(); i++) {
            assertTrue(Math.abs(ranking.get(i).correlation()) <= Math.abs(ranking.get(i - 1).correlation()), "strongest first");
        }
        UnitRanking.Unit first = ranking.get(0);   // recomputed by hand: its r, and no feature tracked better
        float[] values = first.cellState() ? explanation.cells[first.layer()] : explanation.hidden[first.layer()];
        double[] activation = new double[explanation.length()];
        for (int t = 0; t < activation.length; t++) {
            activation[t] = values[t * 6 + first.unit()];
        }
        for (UnitRanking.Feature feature : UnitRanking.Feature.values()) {
            double r = UnitRanking.correlation(activation, feature.values(explanation.codePoints));
            assertTrue(Math.abs(r) <= Math.abs(first.correlation()) + 1e-12, feature + " r " + r);
            if (feature == first.feature()) {
                assertEquals(r, first.correlation(), 1e-12);
            }
        }
        assertEquals(1.0, UnitRanking.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, UnitRanking.correlation(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertEquals(0.0, UnitRanking.correlation(new double[] {1, 2, 3}, new double[] {5, 5, 5}), "constant: 0");
    }
}
