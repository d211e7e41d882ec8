package rnn.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server of {@code rnn serve} (the JDK's own {@link HttpServer}): routes each request, turns every
 * refusal into a JSON error with its status, and logs one line per request. Requests that compute (sample,
 * score) pass through one {@link Admission}; the others are answered at once, even when it is full.
 * <pre>
 *   GET  /            the playground page
 *   GET  /v1/info     the checkpoint's description (rnn info --json) and the server's limits
 *   POST /v1/sample   SampleEndpoint
 *   POST /v1/score    ScoreEndpoint
 * </pre>
 */
public final class Server {
    private static final String ENDPOINTS = "the endpoints are GET /, GET /v1/info, POST /v1/sample and POST /v1/score";

    private final HttpServer http;
    private final ExecutorService workers;
    private final Admission admission;
    private final Limits limits;
    private final PrintWriter log;
    private final SampleEndpoint sample;
    private final ScoreEndpoint score;
    private final byte[] info;
    private final byte[] playground;
    private final AtomicInteger inFlight = new AtomicInteger(); // requests received and not yet answered and logged
    private volatile boolean cutting; // shutdown's grace is over: generations under way end now

    private Server(HttpServer http, ServedModel served, Limits limits, PrintWriter log) throws IOException {
        this.http = http;
        this.limits = limits;
        this.log = log;
        this.admission = new Admission(limits.concurrency(), limits.queue());
        // A generation takes its share of the cores: two at once on two cores, one thread each.
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / limits.concurrency());
        this.sample = new SampleEndpoint(served, limits, admission, threads, () -> cutting);
        this.score = new ScoreEndpoint(served, limits, admission, threads);
        this.info = infoJson(served, limits);
        try (InputStream page = Server.class.getResourceAsStream("playground.html")) {
            this.playground = page.readAllBytes();
        }
        // Enough threads for every request that may compute or wait, and a few for pages and info beside them.
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(limits.concurrency() + limits.queue() + 4, task -> {
            Thread thread = new Thread(task, "rnn-serve-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(workers);
        http.createContext("/", this::handle);
    }

    /** Listens on host:port (port 0: any free one) and starts answering. */
    public static Server start(ServedModel served, Limits limits, String host, int port, PrintWriter log) throws IOException {
        // A client that sends its request slower than this is cut off (the JDK server's own timer, in seconds):
        // beyond the longest answer, so that it never cuts a generation within --timeout.
        System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(limits.timeout().toSeconds() + 30));
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
        Server server = new Server(http, served, limits, log);
        http.start();
        return server;
    }

    public URI address() {
        InetSocketAddress bound = http.getAddress();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    /**
     * Graceful shutdown: new requests that compute are refused (503), those under way get {@link Limits#grace} to
     * finish, then generations are cut (a stream ends with an error event, a whole answer is a 503), and the
     * server closes.
     */
    public void stop() throws InterruptedException {
        admission.close();
        if (!awaitIdle(limits.grace())) {
            cutting = true;
            awaitIdle(Duration.ofSeconds(5));
        }
        http.stop(0);
        workers.shutdownNow();
    }

    /** Waits until no request is under way (its answer sent and logged), at most {@code limit}; whether none is. */
    private boolean awaitIdle(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void handle(HttpExchange exchange) {
        inFlight.incrementAndGet();
        Call call = new Call(exchange, limits);
        try {
            route(call);
        } catch (HttpError e) {
            answerError(call, e.status, e.getMessage());
        } catch (IOException e) { // the client went away, or was cut off for sending too slowly, while we read or wrote
            call.detail += (call.detail.isEmpty() ? "" : ", ") + "the connection closed before the answer was sent"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            answerError(call, 500, "internal error: " + e);
        } finally {
            exchange.close();
            logLine(call);
            inFlight.decrementAndGet();
        }
    }

    private void route(Call call) throws IOException {
        switch (call.path()) {
            case "/" -> {
                allow(call, "GET");
                call.send(200, "text/html; charset=utf-8", playground);
            }
            case "/v1/info" -> {
                allow(call, "GET");
                call.send(200, "application/json; charset=utf-8", info);
            }
            case "/v1/sample" -> {
                allow(call, "POST");
                sample.handle(call);
            }
            case "/v1/score" -> {
                allow(call, "POST");
                score.handle(call);
            }
            default -> throw new HttpError(404, "no endpoint " + call.path() + "; " + ENDPOINTS);
        }
    }

    private static void allow(Call call, String method) {
        if (!call.method().equals(method)) {
            call.exchange.getResponseHeaders().set("Allow", method);
            throw new HttpError(405, call.path() + " takes " + method + ", not " + call.method());
        }
    }

    private void answerError(Call call, int status, String message) {
        call.detail += (call.detail.isEmpty() ? "" : ", ") + message;
        if (call.status != 0) {
            return; // the answer had begun: nothing more can be said in it
        }
        try {
            call.error(status, message);
        } catch (IOException e) {
            call.detail += " (not sent: " + e.getMessage() + ")";
        }
    }

    /** One line per request on stderr: time, client, request, status ("-": none was sent), milliseconds, what was done. */
    private void logLine(Call call) {
        String line = String.format(java.util.Locale.ROOT, "rnn serve: %s %s %s %s %s %d ms%s",
                LocalTime.now().truncatedTo(ChronoUnit.MILLIS), call.exchange.getRemoteAddress().getAddress().getHostAddress(),
                call.method(), call.path(), call.status == 0 ? "-" : String.valueOf(call.status), call.millis(),
                call.detail.isEmpty() ? "" : " (" + call.detail + ")");
        synchronized (log) {
            log.println(line);
            log.flush();
        }
    }

    private static byte[] infoJson(ServedModel served, Limits limits) throws IOException {
        var node = served.description().deepCopy();
        node.putObject("limits").put("maxBodyBytes", limits.maxBodyBytes()).put("maxLength", limits.maxLength())
                .put("maxSamples", limits.maxSamples()).put("concurrency", limits.concurrency()).put("queue", limits.queue())
                .put("timeoutSeconds", limits.timeout().toSeconds());
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(node).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
