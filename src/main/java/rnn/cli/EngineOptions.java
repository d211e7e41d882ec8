package rnn.cli;

import picocli.CommandLine.Option;
import rnn.UserInputException;
import rnn.model.Engine;

/** --threads, shared by the commands that compute. */
final class EngineOptions {
    // One thread measured fastest on the 2-core reference machine for every model size tried: libnd4j's
    // per-op threading costs more than it gains on [batch, hidden] arrays (README, "Speed").
    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "CPU threads for the math (default: ${DEFAULT-VALUE}, measured fastest on 2 cores).")
    int threads;

    void apply() {
        if (threads < 1 || threads > 1024) {
            throw new UserInputException("--threads must be between 1 and 1024 (got " + threads + ")");
        }
        Engine.useThreads(threads);
    }
}
