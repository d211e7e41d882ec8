package rnn.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The explanation as one self-contained HTML page (no network: it opens from a CI artifact or an e-mail):
 * the text shaded by surprisal, a tooltip with the five likeliest next characters, and a selector of units,
 * ranked, that shades the text by one unit's activation instead. The page is a template
 * ({@code page.html}, its script and style inline) with the numbers in a JSON block and the activations in
 * blocks of their own, decoded only when a unit of them is chosen. Activations travel as
 * bytes: per layer and kind, unit-major [H][T] int8 in base64, h as round(127 h) (h is in [-1, 1]) and c as
 * round(127 c / max|c| of that unit), so that 10,000 characters of a 2x256 LSTM make about 14 MB.
 */
public final class ExplainPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplainPage() {
    }

    /** The page: {@code source} names the text in its title; {@code model} describes the checkpoint in one line. */
    public static String render(Explanation explanation, List<UnitRanking.Unit> ranking, String source, String model) throws IOException {
        String template;
        try (InputStream in = ExplainPage.class.getResourceAsStream("page.html")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // '<' escaped inside the JSON, so that no "</script>" or "<!--" in the text can end the block
        String data = JSON.writeValueAsString(data(explanation, ranking, source, model)).replace("<", "\\u003c");
        StringBuilder blocks = new StringBuilder();  // apart from the JSON, which the page parses whole at load
        for (int l = 0; l < explanation.layers; l++) {
            block(blocks, "L" + l + "h", bytes(explanation.hidden[l], explanation.length(), explanation.units, false));
            if (explanation.cells != null) {
                block(blocks, "L" + l + "c", bytes(explanation.cells[l], explanation.length(), explanation.units, true));
            }
        }
        return template.replace("/*DATA*/", data).replace("<!--ACTIVATIONS-->", blocks);
    }

    /** One layer's h or c as a block the page decodes only when a unit of it is chosen. */
    private static void block(StringBuilder page, String key, byte[] activations) {
        page.append("<script id=\"act-").append(key).append("\" type=\"application/octet-stream\">")
                .append(Base64.getEncoder().encodeToString(activations)).append("</script>\n");
    }

    static ObjectNode data(Explanation e, List<UnitRanking.Unit> ranking, String source, String model) {
        int length = e.length(), units = e.units;
        ObjectNode data = JSON.createObjectNode();
        data.put("source", source);
        data.put("summary", String.format(Locale.ROOT, "%,d characters, %.3f bits/char (%s)%s", length, e.bitsPerChar(), model,
                e.oov > 0 ? String.format(Locale.ROOT, "; %,d characters outside the model's vocabulary left out", e.oov) : ""));
        data.put("how", "Units are listed by the strongest correlation (Pearson's r over this text) of their activation after "
                + "each character with one of: inside quotes, inside brackets, position in the line, next character ends the line.");
        data.put("length", length);
        data.put("hidden", units);
        ArrayNode chars = data.putArray("chars"), surprisal = data.putArray("surprisal"), top = data.putArray("top"),
                topP = data.putArray("topP");
        for (int t = 0; t < length; t++) {
            chars.add(e.codePoints[t]);
            if (t == 0) {
                surprisal.addNull();
            } else {
                surprisal.add(Math.round(e.surprisal[t] * 1000) / 1000.0);
            }
            for (int k = 0; k < Explanation.TOP; k++) {
                top.add(e.top[t][k]);
                topP.add(Math.round(e.topProbability[t][k] * 10000) / 10000.0);
            }
        }
        ArrayNode list = data.putArray("units");
        for (UnitRanking.Unit unit : ranking) {
            ObjectNode u = list.addObject();
            u.put("layer", unit.layer());
            u.put("kind", unit.cellState() ? "c" : "h");
            u.put("unit", unit.unit());
            if (unit.feature() != null) {
                u.put("feature", unit.feature().description);
                u.put("r", Math.round(unit.correlation() * 1000) / 1000.0);
            }
        }
        return data;
    }

    /** Activations [T*H] (row t) as int8, unit-major [H][T]; each unit scaled by its largest |value| if asked, else by 1. */
    static byte[] bytes(float[] values, int length, int units, boolean scaled) {
        byte[] out = new byte[length * units];
        for (int u = 0; u < units; u++) {
            float scale = 1;
            if (scaled) {
                float largest = 0;
                for (int t = 0; t < length; t++) {
                    largest = Math.max(largest, Math.abs(values[t * units + u]));
                }
                scale = largest > 0 ? 1 / largest : 1;
            }
            for (int t = 0; t < length; t++) {
                float x = Math.max(-1, Math.min(1, values[t * units + u] * scale));
                out[u * length + t] = (byte) Math.round(127 * x);
            }
        }
        return out;
    }
}
