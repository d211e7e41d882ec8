package rnn.model;

import org.nd4j.linalg.factory.Nd4j;

/** The numeric engine's process-wide settings. */
public final class Engine {
    private Engine() {
    }

    /** Threads for BLAS and for libnd4j's own parallel loops. */
    public static void useThreads(int threads) {
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }
}
