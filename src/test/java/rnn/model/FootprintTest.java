package rnn.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.train.Adam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The footprint by which training refuses impossible sizes counts what training really allocates: the
 * model, the optimizer, a training step's and a validation pass's buffers and the preview's model, at
 * large vocabularies where V's buffers dominate. Measured in a JVM of its own (other tests' objects
 * would blur a heap measurement here): the heap after a collection, and the native arrays' bytes.
 */
class FootprintTest {
    @ParameterizedTest(name = "{0} {1}x{2}, V = {3}, batch {4}, dropout {5}")
    @CsvSource({"LSTM, 2, 64, 20000, 8, false", "GRU, 1, 128, 6000, 16, true"})
    void theFootprintIsWhatTrainingAllocates(String cell, int layers, int hidden, int vocab, int batch, boolean dropout)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-Xmx2g", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), FootprintTest.class.getName(),
                cell, "" + layers, "" + hidden, "" + vocab, "" + batch, "" + dropout)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        String[] numbers = output.lines().filter(l -> l.startsWith("footprint ")).findFirst().orElseThrow().split(" ");
        within("heap", Long.parseLong(numbers[1]), Long.parseLong(numbers[2]), 0.15);
        within("native", Long.parseLong(numbers[3]), Long.parseLong(numbers[4]), 0.02);
    }

    /** In the child JVM: prints "footprint heapEstimated heapMeasured nativeEstimated nativeMeasured". */
    public static void main(String[] args) {
        ModelConfig config = new ModelConfig(CellType.valueOf(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                16, Integer.parseInt(args[3]));
        int seqLen = 50, threads = 2, batch = Integer.parseInt(args[4]);
        boolean dropout = Boolean.parseBoolean(args[5]);
        Network.Footprint estimate = Network.footprint(config, seqLen, batch, threads, dropout, false);
        long heapBefore = usedHeap(), nativeBefore = NativeArray.allocatedBytes();

        Parameters parameters = Parameters.initialized(config, 1);
        Network network = new Network(parameters, Network.Threads.forTraining(batch, threads));
        Adam adam = new Adam(parameters, 0);
        int[] ids = new Random(1).ints(seqLen * batch, 0, config.vocabSize()).toArray();
        RecurrentState state = network.newState(batch);
        network.trainingStep(ids, ids, seqLen, state, dropout ? 0.2 : 0, 1);
        adam.update(1e-3);
        network.loss(ids, ids, seqLen, state);                        // validation's buffers
        CharacterModel preview = network.characterModel();
        long heap = usedHeap() - heapBefore, nativeBytes = NativeArray.allocatedBytes() - nativeBefore;
        System.out.println("footprint " + estimate.heapBytes() + " " + heap + " " + estimate.nativeBytes() + " " + nativeBytes
                + " " + (preview.config().equals(config) && adam.step() == 1)); // all of it still referenced here
    }

    private static void within(String what, long estimated, long measured, double tolerance) {
        assertTrue(measured > 10_000_000, what + ": too little allocated to compare (" + measured + " bytes)");
        double ratio = (double) estimated / measured;
        assertTrue(Math.abs(ratio - 1) <= tolerance, what + ": estimated " + estimated + " bytes, allocated " + measured);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
