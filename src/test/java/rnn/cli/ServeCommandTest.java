package rnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `rnn serve` as a user starts it: a real process, its address on stdout, the same text as `rnn sample`, SIGTERM. */
class ServeCommandTest {
    private static final String CHECKPOINT = "src/test/resources/checkpoints/format-v1-lstm.ckpt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void servesWhatSampleAndInfoPrintAndStopsOnSigterm() throws Exception {
        Path out = dir.resolve("address.txt");
        try (RnnProcess serve = new RnnProcess(out, "serve", "-c", CHECKPOINT, "--port", "0")) {
            serve.awaitLine("rnn serve: " + CHECKPOINT);
            URI address = URI.create(Files.readString(out).strip());
            assertEquals("127.0.0.1", address.getHost(), "this machine only, by default");
            HttpClient client = HttpClient.newHttpClient();

            String body = "{\"prime\": \"the \", \"length\": 200, \"seed\": 7, \"temperature\": 0.8, \"top_k\": 10}";
            HttpResponse<String> sample = client.send(HttpRequest.newBuilder(address.resolve("/v1/sample"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sample.statusCode(), sample.body());
            Cli.Result cli = Cli.run("sample", "-c", CHECKPOINT, "--prime", "the ", "--length", "200", "--seed", "7",
                    "--temperature", "0.8", "--top-k", "10", "--json");
            assertEquals(0, cli.exitCode(), cli.toString());
            assertEquals(JSON.readTree(cli.out()).get("text").asText(), JSON.readTree(sample.body()).get("samples").get(0).get("text").asText(),
                    "the same seed gives the same text as rnn sample");

            JsonNode info = JSON.readTree(client.send(HttpRequest.newBuilder(address.resolve("/v1/info")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            ObjectNode expected = (ObjectNode) JSON.readTree(Cli.run("info", CHECKPOINT, "--json").out());
            ObjectNode served = ((ObjectNode) info).deepCopy();
            served.remove("limits");
            assertEquals(expected, served, "/v1/info is rnn info --json");
            assertEquals(10_000, info.get("limits").get("maxLength").asInt());

            serve.signal("TERM");
            assertEquals(ExitCode.TERMINATED, serve.waitForExit());
            assertTrue(serve.err().contains("rnn serve: stopped"), serve.err());
            assertTrue(serve.err().contains("127.0.0.1 POST /v1/sample 200"), "one line per request: " + serve.err());
            assertEquals(address + "\n", Files.readString(out), "stdout holds the address and nothing else");
        }
    }

    @Test
    void usageErrorsAreOneLineAndExit2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            String[][] cases = {
                    {"cannot listen on 127.0.0.1:" + port, "serve", "-c", CHECKPOINT, "--port", port},
                    {"--port must be between 0 and 65535", "serve", "-c", CHECKPOINT, "--port", "70000"},
                    {"--concurrency must be between 1 and 256", "serve", "-c", CHECKPOINT, "--concurrency", "0"},
                    {"--max-body must be between 1024", "serve", "-c", CHECKPOINT, "--max-body", "10"},
                    {"--timeout must be at least 1s", "serve", "-c", CHECKPOINT, "--timeout", "0.5"},
                    {"--host nowhere.invalid is not an address", "serve", "-c", CHECKPOINT, "--host", "nowhere.invalid"},
                    {"no-such.ckpt", "serve", "-c", dir.resolve("no-such.ckpt").toString()}};
            for (String[] c : cases) {
                Cli.Result result = Cli.run(java.util.Arrays.copyOfRange(c, 1, c.length));
                assertEquals(ExitCode.USAGE, result.exitCode(), result.toString());
                assertTrue(result.err().startsWith("rnn: ") && result.err().contains(c[0]), result.toString());
                assertEquals(1, result.err().strip().lines().count(), "one line: " + result);
                assertFalse(result.err().contains("\tat "), "no stack trace");
                assertEquals("", result.out());
            }
        }
    }
}
