package rnn.eval;

import rnn.UserInputException;
import rnn.model.StepModel;
import rnn.text.Vocabulary;

/**
 * Scores a text with a model: one stream, its state carried from character to character, so every
 * character is predicted from everything before it. Characters outside the vocabulary are skipped and
 * counted. Runs on the {@link StepModel}, the same step and loss that sampling uses, so {@code rnn eval}
 * never loads ND4J.
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

    /** {@link #evaluate(StepModel, Vocabulary, int[], int)} on one thread. */
    public static Evaluation evaluate(StepModel model, Vocabulary vocabulary, int[] codePoints) {
        return evaluate(model, vocabulary, codePoints, 1);
    }

    /** Scores the text; a step's output product is split between up to {@code threads} threads when it is large. */
    public static Evaluation evaluate(StepModel model, Vocabulary vocabulary, int[] codePoints, int threads) {
        int[] ids = new int[codePoints.length];
        int known = 0;
        for (int cp : codePoints) {
            int id = vocabulary.idOf(cp);
            if (id >= 0) {
                ids[known++] = id;
            }
        }
        long oov = codePoints.length - known;
        if (codePoints.length == 0) {
            throw new UserInputException("the text to score is empty; give a file with some text in it");
        }
        if (codePoints.length == 1) { // the first character is only context: a score needs a second
            throw new UserInputException("the text to score has 1 character; at least 2 are needed (the first is only context)");
        }
        if (known < 2) {
            throw new UserInputException((known == 0 ? "none of the text's characters is" : "only 1 of the text's characters is")
                    + " in the model's vocabulary; at least 2 are needed to score"
                    + (oov > 0 ? " (" + oov + " outside it)" : ""));
        }
        StepModel.State state = model.newState(1);
        float[] logits = new float[vocabulary.size()]; // [1, V]
        int[] input = new int[1];
        double totalNats = 0;
        int scored = known - 1; // inputs ids[0 .. known-2], targets ids[1 .. known-1]
        for (int i = 0; i < scored; i++) {
            input[0] = ids[i];
            model.step(input, state, logits, threads);
            totalNats += StepModel.crossEntropy(logits, ids[i + 1]);
        }
        return new Evaluation(scored, totalNats / scored, oov);
    }

}
