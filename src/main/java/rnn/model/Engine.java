package rnn.model;

import org.nd4j.linalg.factory.Nd4j;

/** The numeric engine's process-wide settings. */
public final class Engine {
    private Engine() {
    }

    /** Threads each BLAS product may use (OpenBLAS keeps one setting per process). */
    static void useBlasThreads(int threads) {
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
