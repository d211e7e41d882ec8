package rnn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rnn.plot.LossChart;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw the loss curves of one or several runs on one chart.",
                "Train and validation loss, in nats and bits per character. Training also keeps loss.png up to date in its checkpoint directory."},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn plot                                   # checkpoints/ -> loss.png",
                "  rnn plot runs/lstm runs/gru -o compare.svg  # two runs on one chart"})
final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR|metrics.jsonl", arity = "0..*", defaultValue = "checkpoints",
            description = "Checkpoint directories or metrics.jsonl files (default: ${DEFAULT-VALUE}).")
    List<Path> sources;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "loss.png",
            description = "Chart to write: .png, .svg or .pdf (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
        LossChart.Format.of(output); // refuse an unknown extension before reading anything
        LossChart.write(sources.stream().map(LossChart::read).toList(), output);
        spec.commandLine().getErr().println("rnn: wrote " + output);
        return ExitCode.OK;
    }
}
