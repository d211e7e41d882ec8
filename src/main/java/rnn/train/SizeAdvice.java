package rnn.train;

import rnn.config.ModelConfig;

import java.util.Locale;
import java.util.Optional;

/**
 * A word at the start of a new run when the model is far larger or far smaller than its training text
 * supports, with a --hidden to try. The rule, in parameters per training character, comes from
 * bench/model-size on tinyshakespeare and songci (README, "Model size and corpus size"):
 * <ul>
 *   <li>at {@value #TOO_LARGE} or more a model learns the text by heart: on 3% of either corpus the default
 *       model (29 and 49 per character) reached no better, or a worse, validation loss than a model 5-20x
 *       smaller, with its training loss 1.1-1.4 bits/char below its validation loss;</li>
 *   <li>at {@value #TOO_SMALL} or less it cannot take in the text: 1x64 on all of tinyshakespeare (0.04 per
 *       character) stalled at 2.65 bits/char, where the default model (0.87) reached 2.29 in the same 4 minutes.</li>
 * </ul>
 * The suggestion aims at about one parameter per training character, where the default model sits on both
 * shipped corpora.
 */
final class SizeAdvice {
    static final double TOO_LARGE = 10;
    static final double TOO_SMALL = 0.05;
    private static final int[] HIDDEN = {32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048};

    private SizeAdvice() {
    }

    /** The advice for a new run of this model on this many training characters, if it needs any. */
    static Optional<String> of(ModelConfig model, long trainingChars) {
        double perChar = (double) model.parameterCount() / trainingChars;
        int hidden = hiddenFor(model, trainingChars);
        if (perChar >= TOO_LARGE && hidden < model.hidden()) {
            return Optional.of(String.format(Locale.ROOT, "advice: %,d parameters for %,d training characters (%.0f per character) is far "
                    + "more than this text supports: the model will learn it by heart; try --hidden %d, or give it more text",
                    model.parameterCount(), trainingChars, perChar, hidden));
        }
        if (perChar <= TOO_SMALL && hidden > model.hidden()) {
            return Optional.of(String.format(Locale.ROOT, "advice: %,d parameters for %,d training characters (%.2f per character) is far "
                    + "less than this text can feed: a larger model learns it better in the same time; try --hidden %d",
                    model.parameterCount(), trainingChars, perChar, hidden));
        }
        return Optional.empty();
    }

    /** The listed hidden size whose model (these layers, embedding and vocabulary) has parameters nearest the target. */
    private static int hiddenFor(ModelConfig model, long targetParameters) {
        int best = HIDDEN[0];
        double bestDistance = Double.MAX_VALUE;
        for (int hidden : HIDDEN) {
            long parameters = new ModelConfig(model.cell(), model.layers(), hidden, model.embed(), model.vocabSize()).parameterCount();
            double distance = Math.abs(Math.log((double) parameters / targetParameters));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = hidden;
            }
        }
        return best;
    }
}
