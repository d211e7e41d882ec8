package rnn.train;

import org.bytedeco.javacpp.Pointer;
import rnn.UserInputException;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.config.TrainingConfig;

import java.util.Locale;

/**
 * Roughly how much memory a training run needs, so that sizes the machine cannot hold are refused up
 * front with the estimate instead of failing deep inside ND4J. Counts float32 arrays only.
 */
final class MemoryEstimate {
    private MemoryEstimate() {
    }

    static long trainingBytes(ModelConfig a, TrainingConfig t) {
        long rows = (long) t.seqLen() * t.batch();          // T * N
        long hidden = a.hidden();
        long floats = a.parameterCount() * 5;                // value, gradient, Adam m, v, scratch
        floats += rows * a.embed() * 2;                      // embedding output, its gradient
        for (int l = 0; l < a.layers(); l++) {
            long gates = a.cell() == CellType.LSTM ? 4 : a.cell() == CellType.GRU ? 3 : 1;
            long extra = a.cell() == CellType.LSTM ? 3 : a.cell() == CellType.GRU ? 2 : 0; // cs, tanh(c) | hn, dhn
            long input = l == 0 ? a.embed() : hidden;
            floats += rows * hidden * (2 * gates + 2 + extra) + rows * input; // pre, dpre, hs, dOut, extra, dx
            if (t.dropout() > 0) {
                floats += rows * hidden * 3;
            }
        }
        floats += rows * a.vocabSize() * 3 + rows * hidden;  // logits, log-probs, dlogits, dense dx
        return floats * 4 * 2;                               // validation keeps buffers of its own shape
    }

    /** Refuses a run that would not fit in the memory rnn may use. */
    static void check(ModelConfig architecture, TrainingConfig training) {
        long needed = trainingBytes(architecture, training);
        long allowed = Math.min(Pointer.maxBytes(), Pointer.totalPhysicalBytes());
        if (allowed > 0 && needed > allowed * 0.9) {
            throw new UserInputException(String.format(Locale.ROOT,
                    "this run needs about %s of memory (%s x %d layers x %d hidden, --batch %d x --seq-len %d) "
                            + "but rnn may use %s; lower --batch, --seq-len or --hidden%s",
                    gigabytes(needed), architecture.cell(), architecture.layers(), architecture.hidden(),
                    training.batch(), training.seqLen(), gigabytes(allowed),
                    Pointer.maxBytes() < Pointer.totalPhysicalBytes() ? ", or allow more with RNN_JAVA_OPTS=-Xmx<size>" : ""));
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
