package rnn.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The explanation's numbers as JSON, for other tools (LSTMVis-style: the states as [T][H] per layer):
 * <pre>
 *   {"text", "chars": [code points], "bitsPerChar", "oov",
 *    "surprisal": [bits, null for the first], "next": [[{"char", "p"} x5] per character],
 *    "units": [{"layer", "kind": "h"|"c", "unit", "feature", "r"}, strongest first] (layers count from 1),
 *    "states": [{"layer", "h": [[H] per character], "c": ...}]}
 * </pre>
 * Activations and probabilities rounded to 5 decimals, surprisal to 4.
 */
public final class ExplainJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplainJson() {
    }

    public static ObjectNode of(Explanation e, List<UnitRanking.Unit> ranking) {
        ObjectNode out = JSON.createObjectNode();
        out.put("text", new String(e.codePoints, 0, e.length()));
        ArrayNode chars = out.putArray("chars");
        for (int c : e.codePoints) {
            chars.add(c);
        }
        out.put("bitsPerChar", e.bitsPerChar());
        out.put("oov", e.oov);
        ArrayNode surprisal = out.putArray("surprisal"), next = out.putArray("next");
        for (int t = 0; t < e.length(); t++) {
            if (t == 0) {
                surprisal.addNull();
            } else {
                surprisal.add(round(e.surprisal[t], 1e4));
            }
            ArrayNode top = next.addArray();
            for (int k = 0; k < Explanation.TOP && e.top[t][k] >= 0; k++) {
                top.addObject().put("char", Character.toString(e.top[t][k])).put("p", round(e.topProbability[t][k], 1e5));
            }
        }
        ArrayNode units = out.putArray("units");
        for (UnitRanking.Unit unit : ranking) {
            ObjectNode u = units.addObject().put("layer", unit.layer() + 1).put("kind", unit.cellState() ? "c" : "h").put("unit", unit.unit());
            if (unit.feature() != null) {
                u.put("feature", unit.feature().description).put("r", round(unit.correlation(), 1e4));
            }
        }
        ArrayNode states = out.putArray("states");
        for (int l = 0; l < e.layers; l++) {
            ObjectNode layer = states.addObject().put("layer", l + 1);
            rows(layer.putArray("h"), e.hidden[l], e.length(), e.units);
            if (e.cells != null) {
                rows(layer.putArray("c"), e.cells[l], e.length(), e.units);
            }
        }
        return out;
    }

    private static void rows(ArrayNode out, float[] values, int length, int units) {
        for (int t = 0; t < length; t++) {
            ArrayNode row = out.addArray();
            for (int u = 0; u < units; u++) {
                row.add(round(values[t * units + u], 1e5));
            }
        }
    }

    private static double round(double x, double scale) {
        return Math.round(x * scale) / scale;
    }
}
