package rnn.cli;

import picocli.CommandLine.Option;
import rnn.UserInputException;

/** --threads, shared by the commands that compute; each command's help says what it splits (Main.describeThreads). */
final class EngineOptions {
    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
    Integer threads; // null: not given

    /** The validated thread count; all cores when not given. */
    int threads() {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1 || threads > 1024) {
            throw new UserInputException("--threads must be between 1 and 1024 (got " + threads + "); leave it out for all cores");
        }
        return threads;
    }
}
