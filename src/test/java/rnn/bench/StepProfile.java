package rnn.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import rnn.model.CellType;
import rnn.model.CharRnn;
import rnn.model.Engine;
import rnn.model.ModelConfig;
import rnn.model.RecurrentState;
import rnn.train.Adam;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Where a training step's time goes, for one configuration: the phases of a step (median of 10 after
 * warm-up), and the cost of the two kinds of work inside a recurrent step at its shapes (a per-step
 * GEMM, an element-wise op). Run: bench/profile [cell hidden layers embed seqLen batch threads].
 */
public final class StepProfile {
    public static void main(String[] args) {
        CellType cell = CellType.valueOf(arg(args, 0, "lstm").toUpperCase(Locale.ROOT));
        int hidden = Integer.parseInt(arg(args, 1, "256")), layers = Integer.parseInt(arg(args, 2, "2"));
        int embed = Integer.parseInt(arg(args, 3, "64")), seqLen = Integer.parseInt(arg(args, 4, "100"));
        int batch = Integer.parseInt(arg(args, 5, "32")), threads = Integer.parseInt(arg(args, 6, "1"));
        Engine.useThreads(threads);
        if (args.length > 7) { // separate BLAS threads, for experiments
            Nd4j.factory().blas().setMaxThreads(Integer.parseInt(args[7]));
        }
        if (args.length > 8) { // element-wise threads, for experiments
            Nd4j.getEnvironment().setMaxThreads(Integer.parseInt(args[8]));
            Nd4j.getEnvironment().setMaxMasterThreads(Integer.parseInt(args[8]));
        }
        CharRnn model = CharRnn.initialized(new ModelConfig(cell, layers, hidden, embed, 65), DataType.FLOAT, 1);
        Adam adam = new Adam(model.parameters());
        RecurrentState state = model.newState(batch);
        Random random = new Random(1);
        int[] ids = random.ints(seqLen * batch, 0, 65).toArray(), targets = random.ints(seqLen * batch, 0, 65).toArray();
        int runs = 13;
        double[][] ms = new double[4][runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            model.forward(ids, seqLen, state);
            long t1 = System.nanoTime();
            model.loss(targets);
            long t2 = System.nanoTime();
            model.backward();
            long t3 = System.nanoTime();
            adam.update(1e-3);
            long t4 = System.nanoTime();
            ms[0][r] = (t1 - t0) / 1e6;
            ms[1][r] = (t2 - t1) / 1e6;
            ms[2][r] = (t3 - t2) / 1e6;
            ms[3][r] = (t4 - t3) / 1e6;
        }
        double forward = median(ms[0]), loss = median(ms[1]), backward = median(ms[2]), update = median(ms[3]);
        double total = forward + loss + backward + update;
        System.out.printf(Locale.ROOT, "%s %dx%d, embed %d, seq %d, batch %d, %d thread(s): %.0f ms per step = %,.0f chars/s%n",
                cell, hidden, layers, embed, seqLen, batch, threads, total, seqLen * batch / (total / 1000));
        System.out.printf(Locale.ROOT, "  forward %.0f ms (%.0f%%), loss %.0f ms, backward %.0f ms (%.0f%%), Adam %.0f ms%n",
                forward, 100 * forward / total, loss, backward, 100 * backward / total, update);

        // The two kinds of work in the step loops, at this configuration's shapes.
        INDArray h = Nd4j.rand(DataType.FLOAT, batch, hidden), w = Nd4j.rand(DataType.FLOAT, hidden, hidden);
        INDArray out = Nd4j.zeros(DataType.FLOAT, batch, hidden), other = Nd4j.rand(DataType.FLOAT, batch, hidden);
        double gemm = microseconds(() -> Nd4j.gemm(h, w, out, false, false, 1.0, 1.0));
        double multiply = microseconds(() -> h.muli(other, out));
        double sigmoid = microseconds(() -> Nd4j.exec(new Sigmoid(out, out)));
        double flops = 2.0 * batch * hidden * hidden;
        System.out.printf(Locale.ROOT, "  per-step GEMM [%d,%d]x[%d,%d]: %.0f us (%.1f GFLOP/s); element-wise [%d,%d]: multiply %.0f us, sigmoid %.0f us%n",
                batch, hidden, hidden, hidden, gemm, flops / gemm / 1e3, batch, hidden, multiply, sigmoid);
        int gates = cell == CellType.LSTM ? 4 : cell == CellType.GRU ? 3 : 1;
        int forwardOps = cell == CellType.LSTM ? 9 : cell == CellType.GRU ? 9 : 1;      // counted in Lstm, Gru, TanhRnn
        int backwardOps = cell == CellType.LSTM ? 28 : cell == CellType.GRU ? 20 : 5;
        double loopGemm = layers * seqLen * 2.0 * gates * gemm / 1000;
        double loopElementwise = layers * seqLen * (forwardOps + backwardOps) * (multiply + sigmoid) / 2 / 1000;
        System.out.printf(Locale.ROOT, "  estimate for the step loops: GEMMs %.0f ms (%.0f%%), element-wise ops %.0f ms (%.0f%%); the rest %.0f ms%n",
                loopGemm, 100 * loopGemm / total, loopElementwise, 100 * loopElementwise / total,
                Math.max(0, total - loopGemm - loopElementwise));
    }

    private static double microseconds(Runnable op) {
        for (int i = 0; i < 500; i++) {
            op.run();
        }
        double[] samples = new double[7];
        for (int s = 0; s < samples.length; s++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                op.run();
            }
            samples[s] = (System.nanoTime() - t0) / 500 / 1e3;
        }
        return median(samples);
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
