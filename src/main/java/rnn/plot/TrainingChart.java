package rnn.plot;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * loss.png beside a running training's metrics.jsonl, redrawn at each validation. A chart that cannot be
 * drawn (no fonts, a full disk) is worth one warning, never the run.
 */
public final class TrainingChart {
    private final Path metrics;
    private final Path chart;
    private final Consumer<String> warning;
    private boolean failed;

    public TrainingChart(Path metrics, Path chart, Consumer<String> warning) {
        this.metrics = metrics;
        this.chart = chart;
        this.warning = warning;
    }

    public void redraw() {
        try {
            LossChart.write(List.of(LossChart.read(metrics)), chart);
        } catch (RuntimeException | LinkageError e) {
            if (!failed) {
                warning.accept("warning: cannot draw " + chart.getFileName() + " (" + e.getMessage() + "); training goes on");
            }
            failed = true;
        }
    }
}
