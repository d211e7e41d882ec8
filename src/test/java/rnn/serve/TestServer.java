package rnn.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.CharacterModel;
import rnn.model.Parameters;
import rnn.text.Vocabulary;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test helper: a server on a free port of 127.0.0.1 over a fresh model, its log kept, and a client for it. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT = read().substring(0, 3000);

    final ServedModel served;
    final Server server;
    final StringWriter log = new StringWriter();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private boolean stopped;

    /** A 2-layer LSTM of {@code hidden} units, fresh weights (seed 5), over the characters of tinyshakespeare's start. */
    static ServedModel model(int hidden) {
        Vocabulary vocabulary = Vocabulary.of(TEXT.codePoints().distinct().sorted().toArray());
        ModelConfig config = new ModelConfig(CellType.LSTM, 2, hidden, 16, vocabulary.size());
        var description = JSON.createObjectNode().put("checkpoint", "test.ckpt").put("cell", "lstm").put("layers", 2)
                .put("hidden", hidden).put("vocabSize", vocabulary.size()).put("step", 0).putNull("bestValLoss");
        return new ServedModel(CharacterModel.of(config, Parameters.initialized(config, 5)::copyOf), vocabulary, null,
                description, "test.ckpt");
    }

    static Limits limits() {
        return new Limits(1 << 20, 100_000, 16, 2, 16, Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    TestServer(ServedModel served, Limits limits) throws IOException {
        this.served = served;
        this.server = Server.start(served, limits, "127.0.0.1", 0, new PrintWriter(log, true));
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    URI uri(String path) {
        return server.address().resolve(path);
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response);
    }

    /** A server-sent event: its name and its data's JSON. */
    record Event(String name, JsonNode data) {
    }

    /** The events of a streamed answer, in order. */
    static List<Event> events(String stream) throws IOException {
        List<Event> events = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n");
            events.add(new Event(lines[0].substring("event: ".length()), JSON.readTree(lines[1].substring("data: ".length()))));
        }
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopped) {
            stopped = true;
            server.stop();
        }
    }

    private static String read() {
        try {
            return Files.readString(Path.of("corpora/tinyshakespeare.txt"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
