package rnn.eval;

import rnn.UserInputException;
import rnn.model.CharRnn;
import rnn.model.RecurrentState;
import rnn.text.Vocabulary;

/**
 * Scores a text with a model: one stream, its state carried across chunks, so every character is
 * predicted from everything before it. Characters outside the vocabulary are skipped and counted.
 */
public final class Evaluator {
    private static final int CHUNK = 256; // chars per forward; the result does not depend on it

    private Evaluator() {
    }

    /**
     * @param chars      characters scored (every in-vocabulary character but the first)
     * @param loss       mean cross-entropy, nats per character
     * @param oov        characters outside the vocabulary, skipped
     */
    public record Evaluation(long chars, double loss, long oov) {
        public double bitsPerChar() {
            return loss / Math.log(2);
        }

        public double perplexity() {
            return Math.exp(loss);
        }
    }

    public static Evaluation evaluate(CharRnn model, Vocabulary vocabulary, int[] codePoints) {
        int[] ids = new int[codePoints.length];
        int known = 0;
        for (int cp : codePoints) {
            int id = vocabulary.idOf(cp);
            if (id >= 0) {
                ids[known++] = id;
            }
        }
        long oov = codePoints.length - known;
        if (known < 2) {
            throw new UserInputException("the text has " + known + " characters the model knows; at least 2 are needed"
                    + (oov > 0 ? " (" + oov + " were outside its vocabulary)" : ""));
        }
        RecurrentState state = model.newState(1);
        double totalNats = 0;
        int scored = known - 1; // inputs ids[0 .. known-2], targets ids[1 .. known-1]
        for (int start = 0; start < scored; start += CHUNK) {
            int length = Math.min(CHUNK, scored - start);
            int[] inputs = java.util.Arrays.copyOfRange(ids, start, start + length);
            int[] targets = java.util.Arrays.copyOfRange(ids, start + 1, start + 1 + length);
            model.forward(inputs, length, state);
            totalNats += model.loss(targets) * length;
        }
        return new Evaluation(scored, totalNats / scored, oov);
    }
}
