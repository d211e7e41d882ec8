package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rnn explain through the command line: the page, the JSON, and the errors a user can make. */
class ExplainCommandTest {
    private static final String CHECKPOINT = "src/test/resources/checkpoints/format-v2-gru-trained.ckpt";

    @TempDir
    Path dir;

    @Test
    void writesAPageAndPrintsTheSameNumbersAsJson() throws Exception {
        Path text = dir.resolve("t.txt"), page = dir.resolve("page.html");
        Files.writeString(text, "Shall I compare thee to a summer's day?\nThou art more lovely\n");
        Cli.Result written = Cli.run("explain", text.toString(), "-c", CHECKPOINT, "-o", page.toString());
        assertEquals(0, written.exitCode(), written.toString());
        assertEquals("", written.out(), "the page goes to its file, nothing to stdout");
        assertTrue(written.err().contains("wrote " + page), written.err());
        assertTrue(Files.readString(page).startsWith("<!DOCTYPE html>"));
        assertFalse(Files.list(dir).anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");

        Cli.Result json = Cli.run("explain", "--text", "Shall I compare thee", "-c", CHECKPOINT, "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode numbers = new ObjectMapper().readTree(json.out());
        assertEquals("Shall I compare thee", numbers.get("text").asText());
        int length = "Shall I compare thee".length();
        assertEquals(length, numbers.get("surprisal").size());
        assertEquals(5, numbers.get("next").get(3).size());
        JsonNode layer = numbers.get("states").get(0);
        assertEquals(length, layer.get("h").size(), "[T][H]");
        assertTrue(numbers.get("bitsPerChar").asDouble() > 0);

        Cli.Result cut = Cli.run("explain", text.toString(), "-c", CHECKPOINT, "--json", "--max-chars", "10");
        assertEquals(0, cut.exitCode(), cut.err());
        assertEquals(10, new ObjectMapper().readTree(cut.out()).get("chars").size());
        assertTrue(cut.err().contains("explaining the first 10 of"), cut.err());
    }

    @Test
    void mistakesAreOneLineErrors() {
        String[][] cases = {
                {"explain", "-c", CHECKPOINT, "-o", "p.html"},                               // no text
                {"explain", "x.txt", "--text", "ab", "-c", CHECKPOINT, "-o", "p.html"},      // both
                {"explain", "--text", "ab", "-c", CHECKPOINT},                               // nowhere to write
                {"explain", "--text", "ab", "-c", CHECKPOINT, "-o", "p.html", "--json"},    // two outputs
                {"explain", "--text", "ab", "-c", CHECKPOINT, "--json", "--max-chars", "1"},
                {"explain", "--text", "ab", "-c", CHECKPOINT, "-o", dir.toString()},         // a directory
                {"explain", "--text", "€€", "-c", CHECKPOINT, "--json"},                     // nothing it knows
        };
        for (String[] args : cases) {
            Cli.Result result = Cli.run(args);
            assertEquals(2, result.exitCode(), String.join(" ", args) + "\n" + result);
            assertEquals(1, result.err().lines().count(), result.toString());
            assertEquals("", result.out());
        }
    }
}
