package rnn.bench;

import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.Kernels;
import rnn.model.Network;
import rnn.model.Parameters;
import rnn.model.Profile;
import rnn.model.RecurrentState;
import rnn.train.Adam;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Where a training step's time goes, for one configuration: the median step (forward, backward, clipping
 * and Adam, as the trainer runs it) and its parts, from the engine's own timers (-Drnn.profile=true):
 * per-step products (Java, packed weights), whole-sequence products (BLAS), the cells' element-wise
 * passes, copies between the heap and native memory, and the rest. Run: bench/profile [cell hidden layers embed seqLen batch threads
 * [vocab [workers blasThreads]]] (config B: lstm 512 2 64 100 64 2; the Chinese corpus: ... 2 5403).
 */
public final class StepProfile {
    public static void main(String[] args) {
        CellType cell = CellType.valueOf(arg(args, 0, "lstm").toUpperCase(Locale.ROOT));
        int hidden = Integer.parseInt(arg(args, 1, "256")), layers = Integer.parseInt(arg(args, 2, "2"));
        int embed = Integer.parseInt(arg(args, 3, "64")), seqLen = Integer.parseInt(arg(args, 4, "100"));
        int batch = Integer.parseInt(arg(args, 5, "32")), threads = Integer.parseInt(arg(args, 6, "2"));
        int vocab = Integer.parseInt(arg(args, 7, "65"));
        ModelConfig config = new ModelConfig(cell, layers, hidden, embed, vocab);
        Network.Threads split = args.length > 9
                ? new Network.Threads(Integer.parseInt(args[8]), Integer.parseInt(args[9]))
                : Network.Threads.forTraining(batch, threads);
        Parameters parameters = Parameters.initialized(config, 1);
        Network network = new Network(parameters, split);
        Adam adam = new Adam(parameters, 0);
        RecurrentState state = network.newState(batch);
        Random random = new Random(1);
        int[] ids = random.ints(seqLen * batch, 0, vocab).toArray(), targets = random.ints(seqLen * batch, 0, vocab).toArray();

        // Warm-up until HotSpot has compiled everything a step runs (at least 20 steps and 5 s), then 11 measured steps.
        int runs = 11;
        double[] stepMs = new double[runs], optimizerMs = new double[runs];
        double[][] parts = new double[Profile.Part.values().length][runs];
        long warmUntil = System.nanoTime() + 5_000_000_000L;
        for (int r = -20; r < runs; r++) {
            if (r == -1 && System.nanoTime() < warmUntil) {
                r--;
            }
            Profile.drainMillis();
            long t0 = System.nanoTime();
            network.trainingStep(ids, targets, seqLen, state, 0.0, r);
            long t1 = System.nanoTime();
            double norm = Math.sqrt(Kernels.sumOfSquares(parameters.gradients())); // as GradientClipping does
            Kernels.ACTIVE.scale(parameters.gradients(), 0, (float) Math.min(1, 5 / norm), parameters.gradients().length);
            adam.update(1e-4);
            long t2 = System.nanoTime();
            Map<Profile.Part, Double> millis = Profile.drainMillis();
            if (r >= 0) {
                stepMs[r] = (t2 - t0) / 1e6;
                optimizerMs[r] = (t2 - t1) / 1e6;
                for (Profile.Part part : Profile.Part.values()) {
                    parts[part.ordinal()][r] = millis.get(part) / split.workers(); // per worker
                }
            }
        }
        double step = median(stepMs), optimizer = median(optimizerMs);
        double sequenceProducts = median(parts[Profile.Part.SEQUENCE_PRODUCTS.ordinal()]);
        double stepProducts = median(parts[Profile.Part.STEP_PRODUCTS.ordinal()]);
        double cells = median(parts[Profile.Part.CELLS.ordinal()]), copies = median(parts[Profile.Part.COPIES.ordinal()]);
        double rest = step - optimizer - stepProducts - sequenceProducts - cells - copies;
        System.out.printf(Locale.ROOT, "%s %dx%d, embed %d, seq %d, batch %d, vocab %d; %d worker(s) x %d BLAS thread(s); kernels: %s%n",
                cell, hidden, layers, embed, seqLen, batch, vocab, split.workers(), split.blasThreads(), Kernels.ACTIVE.describe());
        System.out.printf(Locale.ROOT, "step %.1f ms (median of %d) = %,.0f chars/s%n", step, runs, seqLen * batch / (step / 1000));
        System.out.println("| part of a step (per worker) | ms | share |");
        System.out.println("|---|---|---|");
        row("per-step products (h·Wh, dHw·Whᵀ)", stepProducts, step);
        row("whole-sequence products (x·Wx, weight gradients, dx, output layer)", sequenceProducts, step);
        row("cells' element-wise passes", cells, step);
        row("copies between heap and native memory", copies, step);
        row("the rest of the passes (bias, dropout, embedding, softmax, gradient sum)", rest, step);
        row("clipping and Adam", optimizer, step);
    }

    private static void row(String what, double ms, double total) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f%% |%n", what, ms, 100 * ms / total);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String arg(String[] args, int index, String fallback) {
        return args.length > index ? args[index] : fallback;
    }
}
