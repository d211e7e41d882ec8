package rnn.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import rnn.AtomicWrite;
import rnn.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loss curves from metrics.jsonl files: training and validation loss (nats/char, left axis) against
 * step, with the same curves in bits/char on a right axis. Several runs go on one chart.
 */
public final class LossChart {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double LN2 = Math.log(2);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private LossChart() {
    }

    /** One run's curves. */
    public record Run(String name, List<double[]> train, List<double[]> validation) {
    }

    /** Reads metrics.jsonl, or the metrics.jsonl inside a checkpoint directory. */
    public static Run read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("metrics.jsonl") : path;
        String name = Files.isDirectory(path) ? path.getFileName().toString()
                : file.toAbsolutePath().getParent().getFileName().toString();
        List<double[]> train = new ArrayList<>(), validation = new ArrayList<>();
        List<String> lines;
        if (Files.notExists(path)) {
            throw new UserInputException(path + ": no such " + (path.toString().endsWith(".jsonl") ? "file" : "directory")
                    + "; name a run's checkpoint directory or its metrics.jsonl (train one with 'rnn train CORPUS')");
        }
        if (Files.notExists(file)) {
            throw new UserInputException(path + ": holds no metrics.jsonl, so no run to plot; name a run's checkpoint directory");
        }
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + "); name a metrics.jsonl or a checkpoint directory");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            try {
                JsonNode entry = JSON.readTree(line);
                if (entry == null || !entry.has("step")) {
                    continue;
                }
                if (entry.has("valLoss")) {
                    validation.add(new double[] {entry.get("step").asDouble(), entry.get("valLoss").asDouble()});
                } else if (entry.has("loss")) {
                    train.add(new double[] {entry.get("step").asDouble(), entry.get("loss").asDouble()});
                }
            } catch (IOException e) {
                if (i == lines.size() - 1 && i > 0) {
                    break; // a last line cut short (the run was killed as it wrote it): the entries before it stand
                }
                throw new UserInputException(file + ": not a metrics.jsonl file (a line is not JSON)");
            }
        }
        if (train.isEmpty() && validation.isEmpty()) {
            throw new UserInputException(file + ": has no training or validation entries yet");
        }
        return new Run(name, train, validation);
    }

    /** The file types {@link #write} draws, by the output's extension. */
    public enum Format {
        PNG, SVG, PDF;

        /** The format named by a file's extension; a user error naming the choices if there is none. */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            for (Format format : values()) {
                if (name.endsWith("." + format.extension())) {
                    return format;
                }
            }
            throw new UserInputException(file + ": the chart is written as PNG, SVG or PDF; "
                    + "name a file ending in .png, .svg or .pdf");
        }

        String extension() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One colour per run, told apart also by readers with colour-blindness (Okabe and Ito's palette, without
     * its yellow, which is hard to see on white and close to its orange).
     */
    private static final java.awt.Color[] RUN_COLOURS = {new java.awt.Color(0x0072B2), new java.awt.Color(0xD55E00),
            new java.awt.Color(0x009E73), new java.awt.Color(0xCC79A7), new java.awt.Color(0x56B4E9),
            new java.awt.Color(0xE69F00), new java.awt.Color(0x000000)};

    /** Draws the runs to a PNG, SVG or PDF file, chosen by its extension (written atomically). */
    public static void write(List<Run> runs, Path output) {
        save(chart(runs), Format.of(output), output);
    }

    /** The chart of the runs, 900 x 540. */
    static XYChart chart(List<Run> runs) {
        XYChart chart = new XYChartBuilder().width(900).height(540).title("rnn: loss")
                .xAxisTitle("step").yAxisTitle("loss (nats/char)").build();
        org.knowm.xchart.style.XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.setYAxisGroupTitle(1, "bits/char");
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, firstStep = Double.MAX_VALUE;
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            String prefix = runs.size() > 1 ? run.name() + " " : "";
            java.awt.Color colour = RUN_COLOURS[r % RUN_COLOURS.length];
            for (List<double[]> points : List.of(run.train(), run.validation())) {
                if (points.isEmpty()) {
                    continue;
                }
                boolean isTrain = points == run.train();
                XYSeries series = chart.addSeries(prefix + (isTrain ? "train" : "validation"), column(points, 0), column(points, 1));
                // A run's two curves share its colour: validation solid with markers, training lighter. A
                // one-point curve has no line to draw, so it gets a marker.
                series.setLineColor(isTrain ? new java.awt.Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 110) : colour);
                series.setMarkerColor(colour);
                series.setMarker(isTrain && points.size() > 1 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                for (double[] p : points) {
                    min = Math.min(min, p[1]);
                    max = Math.max(max, p[1]);
                    firstStep = Math.min(firstStep, p[0]);
                }
            }
        }
        // The right axis shows the same curves in bits: an invisible copy scaled by 1/ln 2 sets its range.
        XYSeries bits = chart.addSeries(" ", new double[] {firstStep, firstStep}, new double[] {min / LN2, max / LN2});
        bits.setYAxisGroup(1);
        bits.setMarker(SeriesMarkers.NONE);
        bits.setLineColor(new java.awt.Color(0, 0, 0, 0));
        bits.setShowInLegend(false);
        styler.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        styler.setYAxisMin(0, min);
        styler.setYAxisMax(0, max);
        styler.setYAxisMin(1, min / LN2);
        styler.setYAxisMax(1, max / LN2);
        return chart;
    }

    private static void save(XYChart chart, Format format, Path output) {
        Path absolute = output.toAbsolutePath();
        if (!Files.isDirectory(absolute.getParent())) {
            throw new UserInputException("cannot write " + output + ": no such directory " + absolute.getParent());
        }
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".tmp." + format.extension());
        try {
            AtomicWrite.replace(absolute, temporary, file -> {
                switch (format) {
                    case PNG -> BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
                    case SVG -> VectorGraphicsEncoder.saveVectorGraphic(chart, file.toString(),
                            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                    case PDF -> VectorGraphicsEncoder.saveVectorGraphic(chart, file.toString(),
                            VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
                }
            });
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(temporary.toString(), "");
            reason = reason.strip().replaceAll("^\\((.*)\\)$", "$1"); // FileOutputStream says "path (Reason)"
            // An I/O failure, not a usage error: exit 1 (README, "Exit codes").
            throw new java.io.UncheckedIOException("cannot write " + output + " (" + reason.substring(0, 1).toLowerCase(Locale.ROOT)
                    + reason.substring(1) + ")", e);
        }
    }

    private static double[] column(List<double[]> points, int index) {
        return points.stream().mapToDouble(p -> p[index]).toArray();
    }
}
