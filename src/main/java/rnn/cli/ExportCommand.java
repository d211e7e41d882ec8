package rnn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.SafetensorsFile;
import rnn.model.SavedModel;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a checkpoint's weights for other tools (safetensors).",
                "The architecture and the vocabulary go into the file's metadata (README, \"Export\")."},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn export checkpoints/best.ckpt -o model.safetensors"})
final class ExportCommand implements Callable<Integer> {
    /** The formats `export` writes; one so far. */
    enum Format { SAFETENSORS }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CKPT", arity = "0..1", defaultValue = CheckpointOption.DEFAULT,
            description = "Checkpoint file, or a run's directory for its best.ckpt (default: ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--format", paramLabel = "safetensors", defaultValue = "safetensors",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "model.safetensors",
            description = "File to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
        Checkpoint loaded = CheckpointOption.readWeights(checkpoint);
        SavedModel.characterModel(loaded); // checks that every weight is there with its shape
        SafetensorsFile.write(output, loaded);
        spec.commandLine().getErr().println("rnn: wrote " + output);
        return ExitCode.OK;
    }
}
