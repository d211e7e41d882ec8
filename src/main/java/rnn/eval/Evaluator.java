package rnn.eval;

import rnn.UserInputException;
import rnn.model.CharacterModel;
import rnn.text.Vocabulary;

/**
 * Scores a text with a model: one stream, its state carried from character to character, so every
 * character is predicted from everything before it. Characters outside the vocabulary are skipped and
 * counted. Runs on the {@link CharacterModel}, the same step and loss that sampling uses, so {@code rnn eval}
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

    /** {@link #evaluate(CharacterModel, Vocabulary, int[], int)} on one thread. */
    public static Evaluation evaluate(CharacterModel model, Vocabulary vocabulary, int[] codePoints) {
        return evaluate(model, vocabulary, codePoints, 1);
    }

    /**
     * Scores a text of records (a model trained with --records): the text is read as records, as training read
     * it, each followed by the end-of-record symbol, and every record is scored from a fresh state after that
     * symbol, its end (predicting the symbol) included.
     */
    public static Evaluation evaluate(CharacterModel model, Vocabulary vocabulary, int[] codePoints, int threads, rnn.text.Records records) {
        if (records == null) {
            return evaluate(model, vocabulary, codePoints, threads);
        }
        int end = vocabulary.idOf(rnn.text.Records.END);
        int[] ids = new int[codePoints.length + 2];    // the records' symbols: each end replaces a line break, but the first and last
        int[] counts = new int[2];                     // symbols read, of which known
        rnn.text.Records.Splitter splitter = records.splitter(codePoint -> {
            int id = vocabulary.idOf(codePoint);
            counts[0]++;
            if (id >= 0) {
                ids[counts[1]++] = id;
            }
        });
        for (int codePoint : codePoints) {
            splitter.accept(codePoint);
        }
        splitter.endFile();
        int known = counts[1];
        long oov = counts[0] - known;
        if (known < 2) {
            throw new UserInputException("the text holds no record with characters the model knows; give some text");
        }
        CharacterModel.State state = model.newState(1);
        float[] logits = new float[vocabulary.size()]; // [1, V]
        int[] input = new int[1];
        double totalNats = 0;
        for (int i = 0; i < known - 1; i++) {
            if (ids[i] == end) {
                state = model.newState(1); // every record from a fresh state
            }
            input[0] = ids[i];
            model.step(input, state, logits, threads);
            totalNats += CharacterModel.crossEntropy(logits, ids[i + 1]);
        }
        return new Evaluation(known - 1, totalNats / (known - 1), oov);
    }

    /** The ids of the text's characters that are in the vocabulary, in order; the others are skipped (oov). */
    static int[] knownIds(Vocabulary vocabulary, int[] codePoints) {
        int[] ids = new int[codePoints.length];
        int known = 0;
        for (int codePoint : codePoints) {
            int id = vocabulary.idOf(codePoint);
            if (id >= 0) {
                ids[known++] = id;
            }
        }
        return java.util.Arrays.copyOf(ids, known);
    }

    /** Scores the text; a step's output product is split between up to {@code threads} threads when it is large. */
    public static Evaluation evaluate(CharacterModel model, Vocabulary vocabulary, int[] codePoints, int threads) {
        int[] ids = knownIds(vocabulary, codePoints);
        int known = ids.length;
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
        CharacterModel.State state = model.newState(1);
        float[] logits = new float[vocabulary.size()]; // [1, V]
        int[] input = new int[1];
        double totalNats = 0;
        int scored = known - 1; // inputs ids[0 .. known-2], targets ids[1 .. known-1]
        for (int i = 0; i < scored; i++) {
            input[0] = ids[i];
            model.step(input, state, logits, threads);
            totalNats += CharacterModel.crossEntropy(logits, ids[i + 1]);
        }
        return new Evaluation(scored, totalNats / scored, oov);
    }

    /**
     * One line's score.
     *
     * @param line  1-based line number
     * @param chars characters scored: the line's in-vocabulary characters and its line break (the last line
     *              may have none)
     * @param loss  mean cross-entropy over them, nats per character; NaN when nothing was scored
     * @param oov   characters of the line outside the vocabulary, skipped
     */
    public record LineScore(int line, int chars, double loss, int oov) {
        public double bitsPerChar() {
            return loss / Math.log(2);
        }
    }

    /**
     * Scores each line of the text apart: for ranking generated lines or flagging unusual ones. With
     * {@code carry} false (eval's default) every line starts from a fresh state after a line break, as a line
     * starts in the training text, so a line's score does not depend on the lines before it or on their order;
     * with {@code carry} true the state runs on through the text, as {@link #evaluate} scores it, and a line's
     * characters are predicted from everything before them. A line's break is scored with it (the model's
     * "the line ends here"); where the vocabulary has no line break, a fresh line's first character is only
     * context.
     */
    public static void perLine(CharacterModel model, Vocabulary vocabulary, int[] codePoints, boolean carry, int threads,
                               java.util.function.Consumer<LineScore> out) {
        perLine(model, vocabulary, codePoints, carry, threads, out, vocabulary.idOf('\n'));
    }

    /**
     * As above, with {@code lineBreak} the symbol a line break stands for: '\n' for a stream of text, the
     * end-of-record symbol for a model of line records (whose vocabulary has no line break), so that each
     * line is scored as the record it was trained as, from the symbol to its end.
     */
    public static void perLine(CharacterModel model, Vocabulary vocabulary, int[] codePoints, boolean carry, int threads,
                               java.util.function.Consumer<LineScore> out, int lineBreak) {
        int newline = lineBreak;
        CharacterModel.State state = model.newState(1);
        float[] logits = new float[vocabulary.size()]; // [1, V]
        int[] input = new int[1];
        int previous = newline;                        // the context of the first character: a line break
        int line = 1, chars = 0, oov = 0;
        double nats = 0;
        boolean fresh = true;
        for (int i = 0; i <= codePoints.length; i++) {
            boolean end = i == codePoints.length;
            if (end && chars == 0 && oov == 0 && (i == 0 || codePoints[i - 1] == '\n')) {
                break; // the text ended with a line break: no empty last line
            }
            int id = end ? -1 : codePoints[i] == '\n' ? newline : vocabulary.idOf(codePoints[i]);
            if (!end && id < 0) {
                oov++;
            } else if (!end) {
                if (fresh && !carry) {
                    state = model.newState(1);
                }
                if (previous >= 0) { // predict this character from the one before (none: a fresh start with no line break known)
                    input[0] = previous;
                    model.step(input, state, logits, threads);
                    nats += CharacterModel.crossEntropy(logits, id);
                    chars++;
                }
                previous = id;
                fresh = false;
            }
            if (end || codePoints[i] == '\n') {
                out.accept(new LineScore(line, chars, chars == 0 ? Double.NaN : nats / chars, oov));
                line++;
                chars = 0;
                oov = 0;
                nats = 0;
                fresh = true;
                if (!carry) {
                    previous = newline;
                }
            }
        }
    }
}
