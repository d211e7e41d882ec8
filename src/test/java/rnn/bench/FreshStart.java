package rnn.bench;

import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.checkpoint.Tensor;
import rnn.model.StepModel;
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
        StepModel model = checkpoint.restoreStepModel();
        Vocabulary vocabulary = checkpoint.vocabulary();
        int[] text = java.util.Arrays.copyOfRange(corpus, (int) (corpus.length * 0.9), corpus.length);
        int vocab = model.config().vocabSize();

        // Per-character loss in context: one stream over the whole held-out text from a zero state.
        double[] inContext = new double[text.length];
        StepModel.State stream = model.newState(1);
        float[] logits = new float[vocab];
        for (int i = 0; i + 1 < text.length; i++) {
            model.step(new int[] {vocabulary.idOf(text[i])}, stream, logits, 1);
            inContext[i + 1] = loss(logits, vocabulary.idOf(text[i + 1]));
        }

        // Line starts far enough in (so that in-context has context) with N characters to score.
        List<Integer> starts = new ArrayList<>();
        for (int i = 200; i + length < text.length; i++) {
            if (text[i - 1] == '\n' && text[i] != '\n') {
                starts.add(i);
            }
        }
        java.util.Collections.shuffle(starts, new Random(1));
        starts = starts.subList(0, Math.min(samples, starts.size()));

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
        record Start(String name, Supplier<StepModel.State> state, boolean newlineFirst) {
        }
        List<Start> ways = List.of(
                new Start("zero state", () -> model.newState(1), false),
                new Start("zero state, then a newline (rnn sample today)", () -> model.newState(1), true),
                new Start("mean carried state", () -> model.stateOf(mean), false),
                new Start("mean carried state, then a newline", () -> model.stateOf(mean), true),
                new Start("one stream's carried state, then a newline", () -> model.stateOf(first), true));
        double context = 0;
        for (int start : starts) {
            for (int k = 1; k < length; k++) {
                context += inContext[start + k];
            }
        }
        int scored = starts.size() * (length - 1);
        System.out.printf(Locale.ROOT, "%s: %d line starts of the held-out text, characters 2..%d of each (the first is given)%n",
                args[0], starts.size(), length);
        System.out.printf(Locale.ROOT, "| start | nats/char | chars 2-5 | chars 6-%d |%n|---|---|---|---|%n", length);
        System.out.printf(Locale.ROOT, "| in context (rnn eval) | %.3f | %.3f | %.3f |%n", context / scored,
                range(inContext, starts, 1, 5), range(inContext, starts, 5, length));
        for (Start way : ways) {
            double[] fresh = new double[text.length];
            double sum = 0;
            for (int start : starts) {
                StepModel.State state = way.state().get();
                if (way.newlineFirst() && newline >= 0) {
                    model.step(new int[] {newline}, state, logits, 1);
                }
                for (int k = 0; k + 1 < length; k++) {
                    model.step(new int[] {vocabulary.idOf(text[start + k])}, state, logits, 1);
                    fresh[start + k + 1] = loss(logits, vocabulary.idOf(text[start + k + 1]));
                    sum += fresh[start + k + 1];
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", way.name(), sum / scored,
                    range(fresh, starts, 1, 5), range(fresh, starts, 5, length));
        }
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

    private static double loss(float[] logits, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(z - max);
        }
        return Math.log(sum) + max - logits[target];
    }
}
