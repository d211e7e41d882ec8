package rnn.cli;

import picocli.CommandLine.Option;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointException;
import rnn.checkpoint.CheckpointFile;
import rnn.train.RunDirectory;
import rnn.train.Trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** -c/--checkpoint, shared by sample and eval (info takes the same as its argument), and how it is read. */
final class CheckpointOption {
    static final String DEFAULT = "checkpoints/best.ckpt";

    @Option(names = {"-c", "--checkpoint"}, paramLabel = "CKPT", defaultValue = DEFAULT,
            description = "Checkpoint file, or a run's directory for its best.ckpt (default: ${DEFAULT-VALUE}).")
    Path checkpoint;

    /** The file named: a directory means the best.ckpt in it, as {@code rnn plot} takes a run's directory. */
    static Path file(Path named) {
        return Files.isDirectory(named) ? named.resolve(Trainer.BEST) : named;
    }

    Path file() {
        return file(checkpoint);
    }

    /**
     * The weights of the checkpoint {@code named} (see {@link #file}), every byte checked. A checkpoint that does
     * not exist yet in a directory a run is training into is said to be so ({@link NotWrittenYetException}):
     * a reader started beside a new run would otherwise see "no such checkpoint" until the run's first save.
     */
    static Checkpoint readWeights(Path named) {
        Path file = file(named);
        try {
            return CheckpointFile.readWeights(file);
        } catch (CheckpointException e) {
            Path dir = file.toAbsolutePath().getParent();
            OptionalLong run = Files.notExists(file) && dir != null ? RunDirectory.runningIn(dir) : OptionalLong.empty();
            if (run.isPresent()) {
                throw new NotWrittenYetException(file + ": not written yet: the training run writing " + (file.getParent() == null ? "." : file.getParent())
                        + " (process " + run.getAsLong() + ") has not saved it; try again after its first validation"
                        + " (or --checkpoint-every step)");
            }
            throw e;
        }
    }

    Checkpoint readWeights() {
        return readWeights(checkpoint);
    }
}
