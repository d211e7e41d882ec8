package rnn.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which units track something a reader can see. For every unit (each layer's h, and c for an LSTM) the
 * Pearson correlation of its activation after each character with each {@link Feature} of the text at that
 * character; a unit's score is its strongest |r|, and units are listed by score, strongest first. Features
 * constant over the text (no quotes in it, say) are left out.
 */
public final class UnitRanking {
    private UnitRanking() {
    }

    /** Something visible about a position of the text, as a number per character. */
    public enum Feature {
        IN_QUOTES("inside quotes"),
        IN_BRACKETS("inside brackets"),
        LINE_POSITION("position in the line"),
        LINE_END("next character ends the line");

        public final String description;

        Feature(String description) {
            this.description = description;
        }

        /**
         * The feature's value after each character of the text [T]. Quotes: between a " and the next ", or an
         * opening and a closing curly or corner quote (“ ” 「 」 『 』); brackets: nesting depth of ( [ { （ 【 above 0;
         * position: characters since the last line break; line end: 1 where the next character is a line break.
         */
        public double[] values(int[] text) {
            double[] values = new double[text.length];
            boolean quoted = false;
            int depth = 0, column = 0;
            for (int t = 0; t < text.length; t++) {
                int c = text[t];
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '“' || c == '「' || c == '『') {
                    quoted = true;
                } else if (c == '”' || c == '」' || c == '』') {
                    quoted = false;
                }
                if (c == '(' || c == '[' || c == '{' || c == '（' || c == '【') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}' || c == '）' || c == '】') && depth > 0) {
                    depth--;
                }
                column = c == '\n' ? 0 : column + 1;
                values[t] = switch (this) {
                    case IN_QUOTES -> quoted ? 1 : 0;
                    case IN_BRACKETS -> depth > 0 ? 1 : 0;
                    case LINE_POSITION -> column;
                    case LINE_END -> t + 1 < text.length && text[t + 1] == '\n' ? 1 : 0;
                };
            }
            return values;
        }
    }

    /**
     * One unit and what it tracks best.
     *
     * @param cellState   whether this is the LSTM's c rather than h
     * @param correlation Pearson's r with the feature, -1..1
     */
    public record Unit(int layer, boolean cellState, int unit, Feature feature, double correlation) {
        /** "layer 2 h 117" */
        public String name() {
            return "layer " + (layer + 1) + " " + (cellState ? "c" : "h") + " " + unit;
        }
    }

    /** Every unit, strongest |r| first. */
    public static List<Unit> rank(Explanation explanation) {
        List<double[]> features = new ArrayList<>();
        List<Feature> kept = new ArrayList<>();
        for (Feature feature : Feature.values()) {
            double[] values = feature.values(explanation.codePoints);
            if (variance(values) > 0) {
                features.add(values);
                kept.add(feature);
            }
        }
        List<Unit> units = new ArrayList<>();
        int length = explanation.length(), count = explanation.units;
        double[] activation = new double[length];
        for (int l = 0; l < explanation.layers; l++) {
            for (int kind = 0; kind < (explanation.cells == null ? 1 : 2); kind++) {
                float[] values = kind == 0 ? explanation.hidden[l] : explanation.cells[l];
                for (int u = 0; u < count; u++) {
                    for (int t = 0; t < length; t++) {
                        activation[t] = values[t * count + u];
                    }
                    Feature best = null;
                    double bestR = 0;
                    for (int f = 0; f < features.size(); f++) {
                        double r = correlation(activation, features.get(f));
                        if (best == null || Math.abs(r) > Math.abs(bestR)) {
                            best = kept.get(f);
                            bestR = r;
                        }
                    }
                    units.add(new Unit(l, kind == 1, u, best, best == null ? 0 : bestR));
                }
            }
        }
        units.sort(Comparator.comparingDouble((Unit unit) -> -Math.abs(unit.correlation())));
        return units;
    }

    /** Pearson's r of two series of equal length; 0 where either is constant. */
    static double correlation(double[] a, double[] b) {
        double meanA = mean(a), meanB = mean(b), covariance = 0, varianceA = 0, varianceB = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - meanA, db = b[i] - meanB;
            covariance += da * db;
            varianceA += da * da;
            varianceB += db * db;
        }
        return varianceA == 0 || varianceB == 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double variance(double[] values) {
        double mean = mean(values), sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return sum;
    }
}
