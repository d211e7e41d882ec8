package rnn.train;

import org.bytedeco.javacpp.Pointer;
import rnn.UserInputException;
import rnn.config.ModelConfig;
import rnn.config.TrainingConfig;
import rnn.model.Network;

import java.util.Locale;

/**
 * Refuses up front a training run whose arrays would not fit, with the estimate, instead of failing deep
 * inside an allocation. The count is the model's own ({@link Network#footprint}); the limits are the
 * Java heap (what is left of -Xmx after the corpus) and the machine's free memory, which ND4J's native
 * arrays and the growing heap both take.
 */
final class MemoryEstimate {
    private MemoryEstimate() {
    }

    /** Refuses a run that would not fit in the memory rnn may use. */
    static void check(ModelConfig architecture, TrainingConfig training, int threads) {
        Network.Footprint needed = Network.footprint(architecture, training.seqLen(), training.batch(), threads,
                training.dropout() > 0 || training.lockedDropout() > 0, training.weightDrop() > 0);
        Runtime runtime = Runtime.getRuntime();
        long heapLeft = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        long ram = Pointer.availablePhysicalBytes();                     // ND4J's arrays, and the heap as it grows, come from here
        long fromRam = needed.nativeBytes() + Math.max(0, needed.heapBytes() - runtime.freeMemory());
        boolean heapShort = needed.heapBytes() > heapLeft * 0.9, nativeShort = ram > 0 && fromRam > ram * 0.9;
        if (heapShort || nativeShort) {
            throw new UserInputException(String.format(Locale.ROOT,
                    "this run needs about %s of memory (%s of Java heap, %s native; %s x %d layers x %d hidden, %d symbols, "
                            + "--batch %d x --seq-len %d) but %s of Java heap and %s of memory are free; "
                            + "lower --batch, --seq-len or --hidden%s",
                    gigabytes(needed.heapBytes() + needed.nativeBytes()), gigabytes(needed.heapBytes()),
                    gigabytes(needed.nativeBytes()), architecture.cell(), architecture.layers(), architecture.hidden(),
                    architecture.vocabSize(), training.batch(), training.seqLen(), gigabytes(heapLeft), gigabytes(ram),
                    runtime.maxMemory() < Pointer.totalPhysicalBytes() / 2 ? ", or allow more with RNN_JAVA_OPTS=-Xmx<size>" : ""));
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
