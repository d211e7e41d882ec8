package rnn.eval;

import rnn.UserInputException;
import rnn.model.StepModel;
import rnn.text.Vocabulary;

/**
 * Scores a text with a model: one stream, its state carried from character to character, so every
 * character is predicted from everything before it. Characters outside the vocabulary are skipped and
 * counted. Runs on the {@link StepModel}: at batch 1 it is several times faster than ND4J's per-op
 * dispatch, and {@code rnn eval} then never loads ND4J.
 */
public final class Evaluator {
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

    public static Evaluation evaluate(StepModel model, Vocabulary vocabulary, int[] codePoints) {
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
        StepModel.State state = model.newState(1);
        float[] logits = new float[vocabulary.size()]; // [1, V]
        int[] input = new int[1];
        double totalNats = 0;
        int scored = known - 1; // inputs ids[0 .. known-2], targets ids[1 .. known-1]
        for (int i = 0; i < scored; i++) {
            input[0] = ids[i];
            model.step(input, state, logits, 1);
            totalNats += StepModel.crossEntropy(logits, ids[i + 1]);
        }
        return new Evaluation(scored, totalNats / scored, oov);
    }

}
