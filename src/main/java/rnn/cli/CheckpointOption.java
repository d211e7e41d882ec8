package rnn.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** -c/--checkpoint, shared by sample, eval and info. */
final class CheckpointOption {
    static final String DEFAULT = "checkpoints/best.ckpt";

    @Option(names = {"-c", "--checkpoint"}, paramLabel = "CKPT", defaultValue = DEFAULT,
            description = "Checkpoint to use (default: ${DEFAULT-VALUE}).")
    Path checkpoint;
}
