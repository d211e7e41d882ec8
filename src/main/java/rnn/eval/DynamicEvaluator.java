package rnn.eval;

import rnn.model.Network;
import rnn.model.Parameters;
import rnn.model.RecurrentState;
import rnn.text.Vocabulary;

/**
 * Dynamic evaluation (Krause et al. 2018, "Dynamic Evaluation of Neural Sequence Models"): the model goes on
 * learning from the text as it scores it. The text is read as one stream, its state carried, in segments of
 * {@code segment} characters; each segment is scored by the weights as they are, and then one step of
 * gradient descent on that segment's loss moves them, pulled back toward the trained weights θ₀:
 * <pre>
 *   θ ← θ − lr · ∇L(segment) + decay · (θ₀ − θ)
 * </pre>
 * Every character is still predicted before the model has learned from it, so this is a fair score of a
 * model that adapts to the text it reads; it is another number than the static score and is reported apart
 * from it. It runs the training engine ({@link Network}) forward and backward, without dropout.
 */
public final class DynamicEvaluator {
    private DynamicEvaluator() {
    }

    /**
     * @param learningRate lr of the update above (--dynamic-lr)
     * @param decay        pull back toward the trained weights per segment, 0 to 1 (--dynamic-decay)
     * @param segment      characters per update (--dynamic-segment)
     */
    public record Settings(double learningRate, double decay, int segment) {
    }

    /**
     * Scores the text's in-vocabulary characters (every one but the first, as {@link Evaluator}) while adapting
     * {@code parameters}, which it changes. Characters outside the vocabulary are skipped and counted.
     */
    public static Evaluator.Evaluation evaluate(Parameters parameters, Vocabulary vocabulary, int[] codePoints,
                                                Settings settings, int threads) {
        int[] ids = Evaluator.knownIds(vocabulary, codePoints);
        int known = ids.length;
        long oov = codePoints.length - known;
        if (known < 2) {
            return new Evaluator.Evaluation(0, Double.NaN, oov);
        }
        Network network = new Network(parameters, Network.Threads.forTraining(1, threads));
        RecurrentState state = network.newState(1);
        float[] weights = parameters.values(), gradients = parameters.gradients();
        float[] trained = weights.clone();                     // θ₀
        float lr = (float) settings.learningRate(), decay = (float) settings.decay();
        double sum = 0;
        for (int from = 0; from + 1 < known; from += settings.segment()) {
            int length = Math.min(settings.segment(), known - 1 - from);
            int[] inputs = java.util.Arrays.copyOfRange(ids, from, from + length);          // [length] one stream
            int[] targets = java.util.Arrays.copyOfRange(ids, from + 1, from + 1 + length);
            sum += network.trainingStep(inputs, targets, length, state, 0, 0, 0) * length;  // scored, then learned from
            for (int i = 0; i < weights.length; i++) {
                weights[i] += -lr * gradients[i] + decay * (trained[i] - weights[i]);
            }
        }
        return new Evaluator.Evaluation(known - 1, sum / (known - 1), oov);
    }
}
