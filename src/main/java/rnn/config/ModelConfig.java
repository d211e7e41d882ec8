package rnn.config;

import rnn.UserInputException;

/**
 * The architecture: everything needed to rebuild a model's shape. Saved inside every checkpoint.
 *
 * @param cell      recurrent cell of every layer (--cell)
 * @param layers    number of stacked recurrent layers (--layers)
 * @param hidden    hidden size H of every layer (--hidden)
 * @param embed     embedding size E (--embed)
 * @param vocabSize number of distinct symbols V (from the corpus)
 */
public record ModelConfig(CellType cell, int layers, int hidden, int embed, int vocabSize) {
    public static final int MAX_LAYERS = 16;
    public static final int MAX_HIDDEN = 8192;
    public static final int MAX_EMBED = 8192;
    public static final int MAX_VOCAB = 1 << 21; // every Unicode code point fits

    public ModelConfig {
        if (cell == null) {
            throw new UserInputException("--cell must be one of lstm, gru, rnn");
        }
        check(layers, 1, MAX_LAYERS, "--layers");
        check(hidden, 1, MAX_HIDDEN, "--hidden");
        check(embed, 1, MAX_EMBED, "--embed");
        if (vocabSize < 2 || vocabSize > MAX_VOCAB) {
            throw new UserInputException("the corpus has " + vocabSize + " distinct character" + (vocabSize == 1 ? "" : "s")
                    + "; a model needs between 2 and " + MAX_VOCAB);
        }
    }

    private static void check(int value, int min, int max, String flag) {
        if (value < min || value > max) {
            throw new UserInputException(flag + " must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    /** Number of trainable scalars, counted from the shapes alone (no arrays needed). */
    public long parameterCount() {
        return Weight.of(this).stream().mapToLong(Weight::size).sum();
    }
}
