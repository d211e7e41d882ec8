package rnn.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class LossChartTest {
    private static LossChart.Run run(String name, int trainPoints) {
        List<double[]> train = new java.util.ArrayList<>();
        for (int i = 1; i <= trainPoints; i++) {
            train.add(new double[] {50 * i, 3.0 / i});
        }
        return new LossChart.Run(name, train, List.of(new double[] {100, 2.0}, new double[] {200, 1.8}));
    }

    @Test
    void aLastLineCutShortIsSkippedAndABadLineElsewhereIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        String whole = "{\"step\":50,\"loss\":2.5}\n{\"step\":100,\"valLoss\":2.1}\n";
        java.nio.file.Path torn = java.nio.file.Files.writeString(dir.resolve("torn.jsonl"), whole + "{\"step\":150,\"lo");
        LossChart.Run run = LossChart.read(torn);
        assertEquals(1, run.train().size());
        assertEquals(1, run.validation().size());
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.jsonl"), "{\"step\":50,\"lo\n" + whole);
        org.junit.jupiter.api.Assertions.assertThrows(rnn.UserInputException.class, () -> LossChart.read(bad));
    }

    @Test
    void aCurveWithOnePointHasAMarkerSoItCanBeSeen() {
        XYChart chart = LossChart.chart(List.of(run("young", 1)));
        XYSeries train = chart.getSeriesMap().get("train");
        assertNotEquals(SeriesMarkers.NONE, train.getMarker(), "one point, no line: only a marker shows it");
        assertEquals(SeriesMarkers.NONE, LossChart.chart(List.of(run("older", 5))).getSeriesMap().get("train").getMarker());
    }

    @Test
    void eachRunHasItsOwnColourForBothCurvesAndNoYellow() {
        XYChart chart = LossChart.chart(List.of(run("a", 5), run("b", 5), run("c", 5)));
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (String name : List.of("a", "b", "c")) {
            XYSeries train = chart.getSeriesMap().get(name + " train"), validation = chart.getSeriesMap().get(name + " validation");
            assertEquals(validation.getLineColor().getRGB() & 0xFFFFFF, train.getLineColor().getRGB() & 0xFFFFFF, name);
            colours.add(validation.getLineColor().getRGB());
            float[] hsb = java.awt.Color.RGBtoHSB(validation.getLineColor().getRed(), validation.getLineColor().getGreen(),
                    validation.getLineColor().getBlue(), null);
            assertFalse(hsb[0] > 0.12 && hsb[0] < 0.2 && hsb[1] > 0.5, "no yellow: " + validation.getLineColor());
        }
        assertEquals(3, colours.size());
    }

    private static void assertFalse(boolean condition, String message) {
        org.junit.jupiter.api.Assertions.assertFalse(condition, message);
    }
}
