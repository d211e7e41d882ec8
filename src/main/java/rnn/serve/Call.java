package rnn.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One request and its answer: reads the body within the size limit, answers JSON, a page or a stream of
 * server-sent events, and remembers the status and a few words for the request's log line.
 */
final class Call {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final HttpExchange exchange;
    final long started = System.nanoTime();
    final long deadline;
    int status;             // 0 until the answer's headers are sent
    String detail = "";     // for the log line: what was asked and made
    private OutputStream events;
    private static final long DRAIN_LIMIT = 64L << 20;

    Call(HttpExchange exchange, Limits limits) {
        this.exchange = exchange;
        this.deadline = started + limits.timeout().toNanos();
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    /**
     * The body, at most {@code max} bytes. A larger one, refused by its declared length or once read past the
     * limit, is read to its end and dropped (up to {@link #DRAIN_LIMIT}) before the 413 is sent, so that a client
     * still sending reads the answer rather than a reset connection.
     */
    byte[] body(int max) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean over = declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > max;
        byte[] body = over ? new byte[0] : in.readNBytes(max + 1);
        if (over || body.length > max) {
            if (!dropRest(in)) {
                exchange.getResponseHeaders().set("Connection", "close"); // the rest is not read as a request
            }
            throw new HttpError(413, "the body is larger than the server's limit of " + max + " bytes (rnn serve --max-body)");
        }
        return body;
    }

    /** Reads and drops the rest of a body; whether it ended within {@link #DRAIN_LIMIT}. */
    private static boolean dropRest(InputStream in) {
        byte[] buffer = new byte[1 << 16];
        long dropped = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                dropped += n;
                if (dropped > DRAIN_LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void json(int status, ObjectNode answer) throws IOException {
        // as text first: Jackson's byte writer escapes a character beyond U+FFFF (an emoji) as two \\u escapes
        send(status, "application/json; charset=utf-8", MAPPER.writeValueAsString(answer).getBytes(StandardCharsets.UTF_8));
    }

    void error(int status, String message) throws IOException {
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        json(status, MAPPER.createObjectNode().put("error", message).put("status", status));
    }

    void send(int status, String contentType, byte[] content) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        this.status = status;
        exchange.sendResponseHeaders(status, content.length == 0 ? -1 : content.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
        }
    }

    /** Starts a stream of server-sent events (200, sent in chunks as they come). */
    void startEvents() throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no"); // a proxy in front should not hold it back
        status = 200;
        exchange.sendResponseHeaders(200, 0);
        events = exchange.getResponseBody();
    }

    /** One event, its data one line of JSON; sent at once. An IOException means the client went away. */
    void event(String name, ObjectNode data) throws IOException {
        events.write(("event: " + name + "\ndata: " + MAPPER.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        events.flush();
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    long millis() {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
