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

/** eval --dynamic through the command line: a second score beside the static one, never mixed into it. */
class DynamicEvalTest {
    private static final String CHECKPOINT = "src/test/resources/checkpoints/format-v2-gru-trained.ckpt";

    @TempDir
    Path dir;

    @Test
    void theDynamicScoreIsReportedApartAndTheStaticOneIsUnchanged() throws Exception {
        Path text = dir.resolve("held.txt");
        Files.writeString(text, "Shall I compare thee to a summer’s day? 🙂 Thou art more lovely and more temperate\n".repeat(8)); // its vocabulary, but for some
        Cli.Result plain = Cli.run("eval", text.toString(), "-c", CHECKPOINT, "--json");
        assertEquals(0, plain.exitCode(), plain.err());
        Cli.Result dynamic = Cli.run("eval", text.toString(), "-c", CHECKPOINT, "--json", "--dynamic", "--dynamic-lr", "0.05",
                "--dynamic-segment", "30");
        assertEquals(0, dynamic.exitCode(), dynamic.err());
        JsonNode a = new ObjectMapper().readTree(plain.out()), b = new ObjectMapper().readTree(dynamic.out());
        assertEquals(a.get("loss").asDouble(), b.get("loss").asDouble(), 0.0, "the static score is the same with --dynamic");
        assertFalse(a.has("dynamic"));
        JsonNode d = b.get("dynamic");
        assertTrue(d.get("loss").asDouble() < b.get("loss").asDouble(), "a repeated text is learned as it is read: " + d);
        assertEquals(30, d.get("segment").asInt());
        assertEquals(0.05, d.get("lr").asDouble());

        Cli.Result text2 = Cli.run("eval", text.toString(), "-c", CHECKPOINT, "--dynamic", "--dynamic-lr", "0.05");
        assertTrue(text2.out().lines().anyMatch(l -> l.startsWith("dynamic ") && l.contains("--dynamic-lr 0.05")), text2.out());
        assertTrue(text2.out().lines().anyMatch(l -> l.startsWith("loss ")), "the static lines stay: " + text2.out());
    }

    @Test
    void itsSettingsWithoutItAndBadValuesAreOneLineErrors() {
        Cli.Result alone = Cli.run("eval", "x.txt", "-c", CHECKPOINT, "--dynamic-lr", "0.1");
        assertEquals(2, alone.exitCode());
        assertTrue(alone.err().contains("apply to --dynamic only"), alone.err());
        Cli.Result negative = Cli.run("eval", "x.txt", "-c", CHECKPOINT, "--dynamic", "--dynamic-lr", "-1");
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("--dynamic-lr must be above 0"), negative.err());
        Cli.Result lines = Cli.run("eval", "x.txt", "-c", CHECKPOINT, "--dynamic", "--per-line");
        assertEquals(2, lines.exitCode());
        assertTrue(lines.err().contains("without --per-line"), lines.err());
    }
}
