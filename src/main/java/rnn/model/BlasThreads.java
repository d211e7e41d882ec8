package rnn.model;

import org.nd4j.linalg.factory.Nd4j;

/** The numeric engine's process-wide settings. */
public final class BlasThreads {
    private BlasThreads() {
    }

    /** Threads each BLAS product may use (OpenBLAS keeps one setting per process). */
    static void use(int threads) {
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
