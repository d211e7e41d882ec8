package rnn.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import rnn.eval.Evaluator;
import rnn.sample.Sampler;
import rnn.sample.SamplingStrategy;

import java.io.Writer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rnn serve's HTTP API in-process, on a free port of 127.0.0.1: the answers are the sampler's and the evaluator's
 * own, a stream comes in pieces, every bad request gets its 4xx (and the server goes on), the limits answer 429 and
 * 503, and shutdown lets requests finish or cuts them with a clear end.
 */
class ServerTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.model(32), TestServer.limits());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** What `rnn sample` makes with these settings: the same Sampler, on all cores (the server gives each request one). */
    private static List<String> sampled(ServedModel served, String prime, int length, int samples, String stop, double temperature,
                                        int topK, double topP, long seed) {
        return new Sampler(served.model(), served.vocabulary(), SamplingStrategy.of(temperature, topK, topP, 2), 2, -1)
                .generate(new Sampler.Request(prime, length, samples, stop, seed), Writer.nullWriter());
    }

    @Test
    void aSampleIsTheSamplersTextForTheSeed() throws Exception {
        TestServer.Answer answer = server.post("/v1/sample", "{\"prime\": \"ROMEO:\", \"length\": 300, \"seed\": 7, \"temperature\": 0.8}");
        assertEquals(200, answer.status(), answer.body());
        JsonNode json = answer.json();
        assertEquals(7, json.get("seed").asLong());
        assertEquals("ROMEO:", json.get("prime").asText());
        assertEquals(sampled(server.served, "ROMEO:", 300, 1, null, 0.8, 0, 1, 7).get(0), json.get("samples").get(0).get("text").asText());
        assertEquals("length", json.get("samples").get(0).get("finish_reason").asText());

        JsonNode three = server.post("/v1/sample", "{\"length\": 50, \"seed\": 3, \"num_samples\": 3, \"top_k\": 5, \"top_p\": 0.9}").json();
        List<String> expected = sampled(server.served, "", 50, 3, null, 1.0, 5, 0.9, 3);
        for (int n = 0; n < 3; n++) {
            assertEquals(expected.get(n), three.get("samples").get(n).get("text").asText());
        }

        JsonNode stopped = server.post("/v1/sample", "{\"length\": 2000, \"seed\": 1, \"stop\": \"e\"}").json().get("samples").get(0);
        assertTrue(stopped.get("text").asText().endsWith("e"), stopped.toString());
        assertEquals("stop", stopped.get("finish_reason").asText());

        JsonNode drawn = server.post("/v1/sample", "{\"length\": 5}").json(); // no seed: the server says which it drew
        assertEquals(sampled(server.served, "", 5, 1, null, 1.0, 0, 1, drawn.get("seed").asLong()).get(0),
                drawn.get("samples").get(0).get("text").asText());
    }

    @Test
    void aStreamComesInPiecesThatMakeTheSameText() throws Exception {
        TestServer.Answer answer = server.post("/v1/sample", "{\"prime\": \"First\", \"length\": 3000, \"seed\": 11, \"stream\": true}");
        assertEquals(200, answer.status());
        assertTrue(answer.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<TestServer.Event> events = TestServer.events(answer.body());
        assertEquals("start", events.get(0).name());
        assertEquals(11, events.get(0).data().get("seed").asLong());
        TestServer.Event done = events.get(events.size() - 1);
        assertEquals("done", done.name(), answer.body());
        assertEquals(3000, done.data().get("chars").asInt());
        StringBuilder text = new StringBuilder();
        int pieces = 0;
        for (TestServer.Event event : events.subList(1, events.size() - 1)) {
            assertEquals("text", event.name());
            text.append(event.data().get("text").asText());
            pieces++;
        }
        assertEquals(sampled(server.served, "First", 3000, 1, null, 1.0, 0, 1, 11).get(0), text.toString());
        assertTrue(pieces > 10, "sent as it came (a piece at each line break), not at the end: " + pieces + " pieces");
    }

    @Test
    void scoresAreTheEvaluatorsScores() throws Exception {
        String text = TestServer.TEXT.substring(0, 500);
        JsonNode json = server.post("/v1/score", TestServer.JSON.createObjectNode().put("text", text).put("per_line", true).toString()).json();
        Evaluator.Evaluation expected = Evaluator.evaluate(server.served.model(), server.served.vocabulary(), text.codePoints().toArray());
        assertEquals(expected.chars(), json.get("chars").asLong());
        assertEquals(expected.loss(), json.get("loss").asDouble(), 1e-12);
        assertEquals(expected.bitsPerChar(), json.get("bpc").asDouble(), 1e-12);
        assertEquals(0, json.get("oov").asInt());
        List<Evaluator.LineScore> lines = new ArrayList<>();
        Evaluator.perLine(server.served.model(), server.served.vocabulary(), text.codePoints().toArray(), false, 1, lines::add);
        assertEquals(lines.size(), json.get("lines").size());
        assertEquals(lines.get(3).loss(), json.get("lines").get(3).get("loss").asDouble(), 1e-12);

        JsonNode outside = server.post("/v1/score", "{\"text\": \"ab\u00e9c\"}").json();
        assertEquals(1, outside.get("oov").asInt(), "a character outside the vocabulary is skipped and counted");
    }

    @Test
    void infoAndThePlaygroundAreServed() throws Exception {
        JsonNode info = server.get("/v1/info").json();
        assertEquals("lstm", info.get("cell").asText());
        assertEquals(100_000, info.get("limits").get("maxLength").asInt());
        TestServer.Answer page = server.get("/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<title>rnn playground</title>"));
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "nothing from the network");
    }

    /** Each bad request: its body (or method and path), the status it must get, and a word its error must hold. */
    private record Bad(String method, String path, String body, int status, String says) {
    }

    @Test
    void everyBadRequestGetsA4xxWithAJsonErrorAndTheServerGoesOn() throws Exception {
        List<Bad> bad = List.of(
                new Bad("POST", "/v1/sample", "{\"prime\": ", 400, "not valid JSON"),
                new Bad("POST", "/v1/sample", "", 400, "one JSON object"),
                new Bad("POST", "/v1/sample", "[1, 2]", 400, "one JSON object"),
                new Bad("POST", "/v1/sample", "{\"lenght\": 10}", 400, "unknown field \"lenght\""),
                new Bad("POST", "/v1/sample", "{\"length\": -1}", 400, "\"length\" must be a whole number from 0 to 100000"),
                new Bad("POST", "/v1/sample", "{\"length\": 100001}", 400, "\"length\""),
                new Bad("POST", "/v1/sample", "{\"length\": 2.5}", 400, "\"length\""),
                new Bad("POST", "/v1/sample", "{\"length\": \"ten\"}", 400, "\"length\""),
                new Bad("POST", "/v1/sample", "{\"temperature\": -0.5}", 400, "\"temperature\""),
                new Bad("POST", "/v1/sample", "{\"top_p\": 0}", 400, "\"top_p\""),
                new Bad("POST", "/v1/sample", "{\"top_k\": -3}", 400, "\"top_k\""),
                new Bad("POST", "/v1/sample", "{\"num_samples\": 17}", 400, "\"num_samples\""),
                new Bad("POST", "/v1/sample", "{\"seed\": \"x\"}", 400, "\"seed\""),
                new Bad("POST", "/v1/sample", "{\"stop\": \"\"}", 400, "\"stop\" must not be empty"),
                new Bad("POST", "/v1/sample", "{\"stream\": true, \"num_samples\": 2}", 400, "one sample"),
                new Bad("POST", "/v1/sample", "{\"prime\": \"\u00e9\u4e2d\"}", 400, "never saw"),
                new Bad("POST", "/v1/sample", "{\"prime\": \"" + "a".repeat(1 << 20) + "\"}", 413, "--max-body"),
                new Bad("POST", "/v1/sample", "{\"prime\": \"" + "a".repeat(100_001) + "\"}", 400, "\"prime\" is longer than"),
                new Bad("POST", "/v1/score", "{}", 400, "\"text\" is missing"),
                new Bad("POST", "/v1/score", "{\"text\": \"\"}", 400, "empty"),
                new Bad("POST", "/v1/score", "{\"text\": \"abc\", \"carry_state\": true}", 400, "per_line"),
                new Bad("GET", "/v1/sample", null, 405, "takes POST"),
                new Bad("POST", "/v1/info", "{}", 405, "takes GET"),
                new Bad("GET", "/v2/sample", null, 404, "the endpoints are"));
        for (Bad request : bad) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri(request.path()));
            builder = request.body() == null ? builder.GET() : builder.method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
            TestServer.Answer answer = server.send(builder.build());
            String what = request.method() + " " + request.path() + " " + (request.body() == null ? "" : request.body().substring(0, Math.min(60, request.body().length())));
            assertEquals(request.status(), answer.status(), what + " -> " + answer.body());
            JsonNode error = answer.json();
            assertEquals(request.status(), error.get("status").asInt(), what);
            assertTrue(error.get("error").asText().contains(request.says()), what + " -> " + error);
            assertEquals(200, server.post("/v1/sample", "{\"length\": 3, \"seed\": 1}").status(), "the server goes on after " + what);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherItsLengthIsDeclaredOrItComesInChunks() throws Exception {
        byte[] huge = new byte[3 << 20];
        java.util.Arrays.fill(huge, (byte) 'a');
        TestServer.Answer declared = server.send(HttpRequest.newBuilder(server.uri("/v1/score"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertEquals(413, declared.status(), declared.body());
        TestServer.Answer chunked = server.send(HttpRequest.newBuilder(server.uri("/v1/score")) // no length given: chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build());
        assertEquals(413, chunked.status(), chunked.body());
        assertEquals(200, server.get("/v1/info").status());
    }

    @Test
    void beyondTheQueueRequestsGet429AndPastTheirTime503() throws Exception {
        Limits limits = new Limits(1 << 20, 1_000_000, 16, 1, 1, Duration.ofSeconds(3), Duration.ofSeconds(10));
        try (TestServer busy = new TestServer(TestServer.model(128), limits)) {
            // one long generation runs, one waits, the rest are refused at once
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int n = 0; n < 6; n++) {
                answers.add(busy.client.sendAsync(HttpRequest.newBuilder(busy.uri("/v1/sample"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"length\": 1000000, \"seed\": " + n + "}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    assertEquals("1", response.headers().firstValue("Retry-After").orElse(""), "429 says when to try again");
                    assertTrue(response.body().contains("requests are already waiting"), response.body());
                } else {
                    assertEquals(503, response.statusCode(), response.body()); // a million characters take longer than 3 s
                    assertTrue(response.body().contains("--timeout") || response.body().contains("no turn came"), response.body());
                }
            }
            assertEquals(4, statuses.stream().filter(s -> s == 429).count(), statuses.toString());

            TestServer.Answer stream = busy.post("/v1/sample", "{\"length\": 1000000, \"stream\": true}");
            List<TestServer.Event> events = TestServer.events(stream.body());
            TestServer.Event last = events.get(events.size() - 1);
            assertEquals("error", last.name(), "a stream past its time ends with an error event");
            assertEquals(503, last.data().get("status").asInt());
            assertEquals(200, busy.post("/v1/sample", "{\"length\": 10}").status(), "and the server goes on");
        }
    }

    @Test
    void shutdownLetsRequestsUnderWayFinish() throws Exception {
        Limits limits = new Limits(1 << 20, 1_000_000, 16, 2, 16, Duration.ofSeconds(60), Duration.ofSeconds(20));
        TestServer finishing = new TestServer(TestServer.model(128), limits);
        CompletableFuture<HttpResponse<String>> underWay = finishing.client.sendAsync(HttpRequest.newBuilder(finishing.uri("/v1/sample"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"length\": 300000, \"seed\": 4}")).build(), HttpResponse.BodyHandlers.ofString());
        awaitLog(finishing, 0, "");
        Thread.sleep(300); // the generation has begun
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                finishing.close();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        TestServer.Answer refused = finishing.post("/v1/sample", "{\"length\": 5}");
        assertEquals(503, refused.status(), "no new work while stopping");
        assertTrue(refused.body().contains("shutting down"), refused.body());
        HttpResponse<String> finished = underWay.get();
        assertEquals(200, finished.statusCode(), finished.body());
        String text = TestServer.JSON.readTree(finished.body()).get("samples").get(0).get("text").asText();
        assertEquals(300000, text.codePointCount(0, text.length()), "the whole sample");
        stopping.get();
        assertTrue(finishing.log.toString().contains("POST /v1/sample 200"), finishing.log.toString());
    }

    @Test
    void shutdownCutsWhatOutlastsTheGraceWithAClearEnd() throws Exception {
        Limits limits = new Limits(1 << 20, 10_000_000, 16, 2, 16, Duration.ofSeconds(60), Duration.ofMillis(300));
        TestServer cutting = new TestServer(TestServer.model(128), limits);
        CompletableFuture<HttpResponse<String>> stream = cutting.client.sendAsync(HttpRequest.newBuilder(cutting.uri("/v1/sample"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"length\": 10000000, \"stream\": true}")).build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> whole = cutting.client.sendAsync(HttpRequest.newBuilder(cutting.uri("/v1/sample"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"length\": 10000000}")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        long start = System.nanoTime();
        cutting.close();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "stopped soon after the grace");
        List<TestServer.Event> events = TestServer.events(stream.get().body());
        TestServer.Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertTrue(last.data().get("error").asText().contains("shutting down"), last.toString());
        assertTrue(events.stream().anyMatch(e -> e.name().equals("text")), "what was generated before the cut was sent");
        assertEquals(503, whole.get().statusCode());
        assertTrue(whole.get().body().contains("shutting down"), whole.get().body());
        String log = cutting.log.toString();
        assertTrue(log.contains("cut after"), log);
    }

    @Test
    void eachRequestIsOneLogLine() throws Exception {
        try (TestServer logged = new TestServer(TestServer.model(16), TestServer.limits())) {
            logged.post("/v1/sample", "{\"length\": 20, \"seed\": 9}");
            logged.post("/v1/sample", "{\"length\": -2}");
            logged.get("/v1/info");
            awaitLog(logged, 3, "GET /v1/info");
            String[] lines = logged.log.toString().split("\n");
            assertEquals(3, lines.length, logged.log.toString());
            assertTrue(lines[0].matches("rnn serve: [0-9:.]+ 127\\.0\\.0\\.1 POST /v1/sample 200 \\d+ ms \\(seed 9, 20 chars\\)"), lines[0]);
            assertTrue(lines[1].contains("POST /v1/sample 400") && lines[1].contains("\"length\""), lines[1]);
            assertTrue(lines[2].contains("GET /v1/info 200"), lines[2]);
        }
    }

    /** The log line is written after the answer is sent: wait for it. */
    private static void awaitLog(TestServer server, int lines, String last) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end && !(server.log.toString().split("\n").length >= lines && server.log.toString().contains(last))) {
            Thread.sleep(10);
        }
    }
}
