package rnn.model;

import org.nd4j.linalg.factory.Nd4j;

/** The numeric engine's process-wide settings. */
public final class Engine {
    private Engine() {
    }

    /**
     * Threads for BLAS (the matrix products). libnd4j's own element-wise ops always run on one thread:
     * on [batch, hidden] arrays its threading costs more than it gains. Measured on 2 cores (README,
     * "Measured"): BLAS on 2 threads made config B 30-48% faster and config A 4% slower than on 1.
     */
    public static void useThreads(int blasThreads) {
        Nd4j.factory().blas().setMaxThreads(blasThreads);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }
}
