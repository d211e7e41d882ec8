package rnn.bench;

import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.checkpoint.Tensor;
import rnn.model.SavedModel;
import rnn.model.CharacterModel;
import rnn.text.TextFiles;
import rnn.text.Vocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * How well a model predicts the first characters of a text when generation starts there (issue 11: a
 * young model wrote noise after "ROMEO:"), for several ways to start, against the same characters read in
 * context. From the held-out text (the corpus's last 10%), K line starts are drawn; each start's first N
 * characters are scored from each kind of fresh state; "in context" scores them inside one continuous
 * stream, as rnn eval does.
 * <pre>
 *   bench/fresh-start CKPT CORPUS [K=300] [N=20]
 * </pre>
 */
public final class FreshStart {
    public static void main(String[] args) throws Exception {
        Checkpoint checkpoint = CheckpointFile.read(Path.of(args[0]));
        int[] corpus = TextFiles.readCodePoints(Path.of(args[1]));
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int length = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        CharacterModel model = SavedModel.characterModel(checkpoint);
        Vocabulary vocabulary = SavedModel.vocabulary(checkpoint);
        int[] text = java.util.Arrays.copyOfRange(corpus, (int) (corpus.length * 0.9), corpus.length);
        int vocab = model.config().vocabSize();

        // Per-character loss in context: one stream over the whole held-out text from a zero state.
        double[] inContext = new double[text.length];
        CharacterModel.State stream = model.newState(1);
        float[] logits = new float[vocab];
        for (int i = 0; i + 1 < text.length; i++) {
            model.step(new int[] {vocabulary.idOf(text[i])}, stream, logits, 1);
            inContext[i + 1] = CharacterModel.crossEntropy(logits, vocabulary.idOf(text[i + 1]));
        }

        // Line starts far enough in (so that in-context has context) with N characters to score.
        List<Integer> starts = new ArrayList<>();
        for (int i = 200; i + length < text.length; i++) {
            if (text[i - 1] == '\n' && text[i] != '\n') {
                starts.add(i);
            }
        }
        java.util.Collections.shuffle(starts, new Random(1));
        starts = new ArrayList<>(starts.subList(0, Math.min(samples, starts.size())));
        // A speaker's name on its own line ("ROMEO:") starts a speech, as the README's prime does.
        List<Integer> speakers = new ArrayList<>(), others = new ArrayList<>();
        for (int start : starts) {
            int end = start;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            (text[end - 1] == ':' ? speakers : others).add(start);
        }

        // The carried states the checkpoint holds: state.<i> is [streams, H], per layer h then c.
        List<float[][]> carried = new ArrayList<>();
        for (int i = 0; checkpoint.tensors().containsKey("state." + i); i++) {
            Tensor t = checkpoint.tensors().get("state." + i);
            int rows = (int) t.shape()[0], hidden = (int) t.shape()[1];
            float[][] r = new float[rows][hidden];
            for (int n = 0; n < rows; n++) {
                System.arraycopy(t.data(), n * hidden, r[n], 0, hidden);
            }
            carried.add(r);
        }
        List<float[]> mean = new ArrayList<>(), first = new ArrayList<>();
        for (float[][] r : carried) {
            float[] m = new float[r[0].length];
            for (float[] row : r) {
                for (int j = 0; j < m.length; j++) {
                    m[j] += row[j] / r.length;
                }
            }
            mean.add(m);
            first.add(r[0]);
        }

        int newline = vocabulary.idOf('\n');
        CharacterModel.State burnedIn = burnIn(model, newline, 200, 1), burnedInBlank = burnIn(model, newline, 200, 2);
        CharacterModel.State twoNewlines = model.newState(1);
        model.step(new int[] {newline}, twoNewlines, logits, 1);
        model.step(new int[] {newline}, twoNewlines, logits, 1);
        record Start(String name, Supplier<CharacterModel.State> state, boolean newlineFirst) {
        }
        CharacterModel.State oneNewline = model.newState(1);
        model.step(new int[] {newline}, oneNewline, logits, 1);
        // Real text: the training part's last 300 characters before its last blank line (or last newline).
        int trainEnd = (int) (corpus.length * 0.9);
        int blank = trainEnd - 1;
        while (!(corpus[blank] == '\n' && corpus[blank - 1] == '\n')) {
            blank--;
        }
        int line = trainEnd - 1;
        while (corpus[line] != '\n' || corpus[line - 1] == '\n') {
            line--;
        }
        CharacterModel.State afterBlank = read(model, vocabulary, corpus, blank - 300, blank + 1);
        CharacterModel.State afterLine = read(model, vocabulary, corpus, line - 300, line + 1);
        List<Start> ways = List.of(
                new Start("300 characters of real text, up to a blank line", () -> model.replicate(afterBlank, 1), false),
                new Start("300 characters of real text, up to a line's end", () -> model.replicate(afterLine, 1), false),
                new Start("zero state, then two newlines", () -> model.replicate(twoNewlines, 1), false),
                new Start("zero state, newline, 200 characters of its own text up to a newline", () -> model.replicate(burnedIn, 1), false),
                new Start("the same up to a blank line", () -> model.replicate(burnedInBlank, 1), false),
                new Start("zero state", () -> model.newState(1), false),
                new Start("zero state, then a newline (rnn sample today)", () -> model.newState(1), true),
                new Start("mean carried state", () -> model.stateOf(mean), false),
                new Start("mean carried state, then a newline", () -> model.stateOf(mean), true),
                new Start("one stream's carried state, then a newline", () -> model.stateOf(first), true));
        for (List<Integer> subset : List.of(starts, speakers, others)) {
            String label = subset == starts ? "all line starts" : subset == speakers ? "speakers' names (\"ROMEO:\")" : "other lines";
            List<String> names = new ArrayList<>(ways.stream().map(Start::name).toList());
            List<java.util.function.IntFunction<CharacterModel.State>> states = new ArrayList<>(ways.stream()
                    .map(w -> (java.util.function.IntFunction<CharacterModel.State>) start -> {
                        CharacterModel.State state = w.state().get();
                        if (w.newlineFirst() && newline >= 0) {
                            model.step(new int[] {newline}, state, new float[vocab], 1);
                        }
                        return state;
                    }).toList());
            // The prime chooses: its first 6 characters read after a line break and after a blank line; the
            // start under which they are likelier is kept (only characters 6.. are a fair score then).
            names.add(0, "the likelier of a newline and a blank line for the first 6 characters");
            states.add(0, start -> {
                CharacterModel.State best = null;
                double bestLoss = Double.POSITIVE_INFINITY;
                for (int newlines = 1; newlines <= 2; newlines++) {
                    CharacterModel.State state = model.newState(1);
                    float[] out = new float[vocab];
                    for (int n = 0; n < newlines; n++) {
                        model.step(new int[] {newline}, state, out, 1);
                    }
                    double loss = 0;
                    for (int k = 0; k < 6; k++) {
                        loss += CharacterModel.crossEntropy(out, vocabulary.idOf(text[start + k]));
                        model.step(new int[] {vocabulary.idOf(text[start + k])}, state, out, 1);
                    }
                    if (loss < bestLoss) {
                        bestLoss = loss;
                        best = model.replicate(newlines == 1 ? oneNewline : twoNewlines, 1);
                    }
                }
                return best;
            });
            table(label, subset, names, states, model, vocabulary, text, inContext, length, args[0]);
        }
    }

    private static void table(String label, List<Integer> starts, List<String> names,
                              List<java.util.function.IntFunction<CharacterModel.State>> states,
                              CharacterModel model, Vocabulary vocabulary, int[] text, double[] inContext, int length, String name) {
        float[] logits = new float[model.config().vocabSize()];
        double context = 0;
        for (int start : starts) {
            for (int k = 1; k < length; k++) {
                context += inContext[start + k];
            }
        }
        int scored = starts.size() * (length - 1);
        System.out.printf(Locale.ROOT, "%n%s: %d %s of the held-out text, characters 2..%d of each (the first is given)%n",
                name, starts.size(), label, length);
        System.out.printf(Locale.ROOT, "| start | nats/char | chars 2-6 | chars 7-%d |%n|---|---|---|---|%n", length);
        System.out.printf(Locale.ROOT, "| in context (rnn eval) | %.3f | %.3f | %.3f |%n", context / scored,
                range(inContext, starts, 1, 6), range(inContext, starts, 6, length));
        for (int w = 0; w < names.size(); w++) {
            double[] fresh = new double[text.length];
            double sum = 0;
            for (int start : starts) {
                CharacterModel.State state = states.get(w).apply(start);
                for (int k = 0; k + 1 < length; k++) {
                    model.step(new int[] {vocabulary.idOf(text[start + k])}, state, logits, 1);
                    fresh[start + k + 1] = CharacterModel.crossEntropy(logits, vocabulary.idOf(text[start + k + 1]));
                    sum += fresh[start + k + 1];
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", names.get(w), sum / scored,
                    range(fresh, starts, 1, 6), range(fresh, starts, 6, length));
        }
    }

    /**
     * A state after the model has written its own text: from a zero state and a newline, at least
     * {@code length} characters sampled at temperature 0.8 (seed 1), then on until {@code newlines}
     * newlines in a row (at most 2,000 characters), so that what follows starts a line.
     */
    private static CharacterModel.State burnIn(CharacterModel model, int newline, int length, int newlines) {
        int vocab = model.config().vocabSize();
        CharacterModel.State state = model.newState(1);
        float[] logits = new float[vocab];
        Random random = new Random(1);
        int next = newline, run = 0;
        for (int i = 0; i < 2000 && (i < length || run < newlines); i++) {
            model.step(new int[] {next}, state, logits, 1);
            double max = Double.NEGATIVE_INFINITY;
            for (float z : logits) {
                max = Math.max(max, z);
            }
            double[] p = new double[vocab];
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                p[v] = Math.exp((logits[v] - max) / 0.8);
                sum += p[v];
            }
            double u = random.nextDouble() * sum;
            next = 0;
            while (next < vocab - 1 && (u -= p[next]) > 0) {
                next++;
            }
            run = next == newline ? run + 1 : 0;
        }
        model.step(new int[] {next}, state, logits, 1); // the last newline goes in too
        return state;
    }

    /** The state after reading corpus[from, to) from a zero state. */
    private static CharacterModel.State read(CharacterModel model, Vocabulary vocabulary, int[] corpus, int from, int to) {
        CharacterModel.State state = model.newState(1);
        float[] logits = new float[model.config().vocabSize()];
        for (int i = from; i < to; i++) {
            model.step(new int[] {vocabulary.idOf(corpus[i])}, state, logits, 1);
        }
        return state;
    }

    /** Mean of losses[start + k] over the starts, for k in [from, to). */
    private static double range(double[] losses, List<Integer> starts, int from, int to) {
        double sum = 0;
        for (int start : starts) {
            for (int k = from; k < to; k++) {
                sum += losses[start + k];
            }
        }
        return sum / (starts.size() * (to - from));
    }

}
