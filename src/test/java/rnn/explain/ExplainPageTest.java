package rnn.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.CharacterModel;
import rnn.model.Parameters;
import rnn.text.Vocabulary;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainPageTest {
    private static final String TEXT = "a</script><!-- b <img src=x>\n\"c\" & d";

    @Test
    void thePageIsSelfContainedAndCarriesTheNumbersWhateverTheTextHolds() throws Exception {
        Vocabulary vocabulary = Vocabulary.of(TEXT.codePoints().distinct().sorted().toArray());
        ModelConfig config = new ModelConfig(CellType.LSTM, 1, 5, 3, vocabulary.size());
        Explanation explanation = Explanation.of(CharacterModel.of(config, Parameters.initialized(config, 2)::copyOf),
                vocabulary, TEXT.codePoints().toArray());
        String page = ExplainPage.render(explanation, UnitRanking.rank(explanation), "t.txt", "lstm, 1 x 5");

        assertFalse(page.matches("(?s).*(src|href)=\"?(https?:)?//.*"), "nothing loaded from the network");
        assertFalse(page.contains("@import"), "no external style");
        assertEquals(2 + 2, page.split("</script>", -1).length - 1, "the text cannot close a script block: only the page's"
                + " (the data, h and c, the script)");
        String json = page.substring(page.indexOf("application/json\">") + 18, page.indexOf("</script>"));
        JsonNode data = new ObjectMapper().readTree(json);
        assertEquals(TEXT, new String(codePoints(data), 0, data.get("chars").size()), "the text, as code points");
        assertEquals(TEXT.length(), data.get("length").asInt());
        assertEquals(5 * TEXT.length(), data.get("top").size());
        assertTrue(data.get("surprisal").get(0).isNull());
        assertEquals(explanation.surprisal[3], data.get("surprisal").get(3).asDouble(), 1e-3);
        assertEquals(2 * 5, data.get("units").size(), "h and c of 5 units");

        byte[] h = Base64.getDecoder().decode(block(page, "L0h"));  // unit-major [H][T]
        assertEquals(5 * TEXT.length(), h.length);
        for (int t = 0; t < TEXT.length(); t++) {
            assertEquals(explanation.hidden[0][t * 5 + 2], h[2 * TEXT.length() + t] / 127.0, 0.5 / 127 + 1e-6, "h of unit 2 at " + t);
        }
        byte[] c = Base64.getDecoder().decode(block(page, "L0c"));
        int largest = 0;
        for (int t = 0; t < TEXT.length(); t++) {
            largest = Math.max(largest, Math.abs(c[t]));
        }
        assertEquals(127, largest, "c is scaled by each unit's largest |c|");
    }

    private static String block(String page, String key) {
        String start = "<script id=\"act-" + key + "\" type=\"application/octet-stream\">";
        int from = page.indexOf(start) + start.length();
        return page.substring(from, page.indexOf("</script>", from));
    }

    private static int[] codePoints(JsonNode data) {
        int[] out = new int[data.get("chars").size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.get("chars").get(i).asInt();
        }
        return out;
    }
}
