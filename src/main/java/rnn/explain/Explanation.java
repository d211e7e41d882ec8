package rnn.explain;

import rnn.UserInputException;
import rnn.config.CellType;
import rnn.model.CharacterModel;
import rnn.text.Vocabulary;

/**
 * What a model makes of a text, character by character: how surprised it was by each character, what it
 * expected next, and every unit's activation after reading it. The model reads the text as one stream from a
 * zero state, the way {@code rnn eval} scores it; characters outside its vocabulary are left out (and counted).
 * Positions t = 0..T-1 are the explained characters:
 * <pre>
 *   surprisal [T]      bits, -log2 p(char t | chars before it); NaN for t = 0, which only sets the context
 *   top [T][TOP]       after reading char t: the likeliest next symbols (code points), most likely first
 *   topProbability [T][TOP]
 *   hidden [L][T*H]    h of each layer after reading char t (row t)
 *   cells [L][T*H]     c of each layer (LSTM); null for a cell without one
 * </pre>
 */
public final class Explanation {
    /** How many next characters the page and the JSON show per position. */
    public static final int TOP = 5;

    final int[] codePoints;
    final float[] surprisal;
    final int[][] top;
    final float[][] topProbability;
    final float[][] hidden;
    final float[][] cells;
    final int layers, units;
    final long oov;

    private Explanation(int[] codePoints, int layers, int units, CellType cell, long oov) {
        int length = codePoints.length;
        this.codePoints = codePoints;
        this.layers = layers;
        this.units = units;
        this.oov = oov;
        this.surprisal = new float[length];
        this.top = new int[length][TOP];
        this.topProbability = new float[length][TOP];
        this.hidden = new float[layers][length * units];
        this.cells = cell == CellType.LSTM ? new float[layers][length * units] : null;
    }

    /** Reads the text's characters (code points) through the model; refuses a text with none it knows. */
    public static Explanation of(CharacterModel model, Vocabulary vocabulary, int[] text) {
        int[] known = java.util.Arrays.stream(text).filter(c -> vocabulary.idOf(c) >= 0).toArray();
        if (known.length == 0) {
            throw new UserInputException(text.length == 0 ? "the text to explain is empty; give some text"
                    : "none of the text's characters is in the model's vocabulary; give text like the training text");
        }
        var config = model.config();
        Explanation explanation = new Explanation(known, config.layers(), config.hidden(), config.cell(), text.length - known.length);
        CharacterModel.State state = model.newState(1);
        float[] logits = new float[vocabulary.size()]; // [V]
        int[] input = new int[1];
        explanation.surprisal[0] = Float.NaN;
        for (int t = 0; t < known.length; t++) {
            input[0] = vocabulary.idOf(known[t]);
            model.step(input, state, logits, 1);
            for (int l = 0; l < explanation.layers; l++) {
                System.arraycopy(state.hidden(l), 0, explanation.hidden[l], t * explanation.units, explanation.units);
                if (explanation.cells != null) {
                    System.arraycopy(state.cell(l), 0, explanation.cells[l], t * explanation.units, explanation.units);
                }
            }
            float sum = CharacterModel.exponentiate(logits); // logits become the softmax's unnormalised weights
            if (t + 1 < known.length) {
                double p = logits[vocabulary.idOf(known[t + 1])] / sum;
                explanation.surprisal[t + 1] = (float) (-Math.log(p) / Math.log(2));
            }
            explanation.keepTop(t, logits, sum, vocabulary);
        }
        return explanation;
    }

    /** The TOP largest of weights [V] as code points and probabilities, largest first (ties: the lower id). */
    private void keepTop(int t, float[] weights, float sum, Vocabulary vocabulary) {
        int[] ids = new int[TOP];
        java.util.Arrays.fill(ids, -1);
        for (int v = 0; v < weights.length; v++) {
            for (int k = 0; k < TOP; k++) {
                if (ids[k] < 0 || weights[v] > weights[ids[k]]) {
                    System.arraycopy(ids, k, ids, k + 1, TOP - k - 1);
                    ids[k] = v;
                    break;
                }
            }
        }
        for (int k = 0; k < TOP; k++) {
            top[t][k] = ids[k] < 0 ? -1 : vocabulary.codePointOf(ids[k]);
            topProbability[t][k] = ids[k] < 0 ? 0 : weights[ids[k]] / sum;
        }
    }

    public int length() {
        return codePoints.length;
    }

    /** The mean surprisal over the characters after the first, in bits: what {@code rnn eval} reports as bpc. */
    public double bitsPerChar() {
        double total = 0;
        for (int t = 1; t < surprisal.length; t++) {
            total += surprisal[t];
        }
        return surprisal.length < 2 ? Double.NaN : total / (surprisal.length - 1);
    }
}
