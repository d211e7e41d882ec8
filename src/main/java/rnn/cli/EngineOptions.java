package rnn.cli;

import picocli.CommandLine.Option;
import rnn.UserInputException;

/** --threads, shared by the commands that compute. */
final class EngineOptions {
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = {"Threads (default: all cores). train: the streams of a batch are split between them.",
                    "sample: the samples of --num-samples are split between them. eval: scores on one."})
    int threads;

    /** The validated thread count, 0 resolved to all cores. */
    int threads() {
        if (threads < 0 || threads > 1024) {
            throw new UserInputException("--threads must be between 1 and 1024, or 0 for all cores (got " + threads + ")");
        }
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
