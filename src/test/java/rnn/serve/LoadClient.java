package rnn.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load of clients against a running {@code rnn serve}: {@code clients} threads share {@code requests} requests,
 * a fixed mix drawn from a seed: samples (whole and streamed), scores, info, and bad requests (broken JSON,
 * unknown fields, negative lengths, a body over the limit, a wrong method). A good request may be answered 200, or
 * 429/503 when the server is full; a bad one must get its own 4xx; anything else (another status, a connection
 * error) is a failure. Used by ServeLoadTest and by bench/serve-load:
 * <pre>
 *   java -cp target/test-classes:target/classes:target/lib/* rnn.serve.LoadClient URL CLIENTS REQUESTS TEXT
 * </pre>
 */
final class LoadClient {
    enum Kind { SAMPLE, STREAM, SCORE, INFO, BAD }

    /** What happened: statuses by kind, the latencies of the answers that were 200, and every failure. */
    record Result(Map<Kind, Map<Integer, Integer>> statuses, Map<Kind, List<Long>> okMillis, List<String> failures,
                  long wallMillis, long charsGenerated) {
        int count(int status) {
            return statuses.values().stream().mapToInt(s -> s.getOrDefault(status, 0)).sum();
        }
    }

    private record Planned(Kind kind, HttpRequest request, int expected) {
    }

    private LoadClient() {
    }

    static Result run(URI base, int clients, int requests, String text, long seed) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        Map<Kind, Map<Integer, Integer>> statuses = new ConcurrentHashMap<>();
        Map<Kind, List<Long>> okMillis = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong chars = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    Planned planned = plan(base, i, text, new Random(seed * 1_000_003 + i));
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(planned.request(), HttpResponse.BodyHandlers.ofString());
                        long millis = (System.nanoTime() - sent) / 1_000_000;
                        int status = response.statusCode();
                        statuses.computeIfAbsent(planned.kind(), k -> new ConcurrentHashMap<>()).merge(status, 1, Integer::sum);
                        boolean expected = planned.kind() == Kind.BAD ? status == planned.expected()
                                : status == 200 || status == 429 || status == 503;
                        if (!expected) {
                            failures.add("request " + i + " (" + planned.kind() + "): " + status + " " + response.body());
                        } else if (status == 200) {
                            okMillis.computeIfAbsent(planned.kind(), k -> new CopyOnWriteArrayList<>()).add(millis);
                            if (planned.kind() == Kind.SAMPLE) {
                                chars.addAndGet(generated(response.body()));
                            }
                            if (planned.kind() == Kind.STREAM && !response.body().contains("event: done")) {
                                failures.add("request " + i + " (stream) ended without its done event: " + response.body());
                            }
                        }
                    } catch (IOException e) {
                        failures.add("request " + i + " (" + planned.kind() + "): " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(statuses, okMillis, failures, (System.nanoTime() - start) / 1_000_000, chars.get());
    }

    private static long generated(String body) {
        try {
            long n = 0;
            for (var sample : TestServer.JSON.readTree(body).get("samples")) {
                String text = sample.get("text").asText();
                n += text.codePointCount(0, text.length());
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Request i of the mix: 55% samples, 10% streamed samples, 15% scores, 10% info, 10% bad requests. */
    private static Planned plan(URI base, int i, String text, Random random) {
        int draw = random.nextInt(100);
        if (draw < 55) {
            return post(base, Kind.SAMPLE, "/v1/sample", "{\"length\": " + (100 + random.nextInt(201)) + ", \"seed\": " + i
                    + ", \"temperature\": 0.8}", 200);
        }
        if (draw < 65) {
            return post(base, Kind.STREAM, "/v1/sample", "{\"length\": 200, \"seed\": " + i + ", \"stream\": true}", 200);
        }
        if (draw < 80) {
            int from = random.nextInt(Math.max(1, text.length() - 300));
            return post(base, Kind.SCORE, "/v1/score", TestServer.JSON.createObjectNode()
                    .put("text", text.substring(from, Math.min(text.length(), from + 300))).toString(), 200);
        }
        if (draw < 90) {
            return new Planned(Kind.INFO, HttpRequest.newBuilder(base.resolve("/v1/info")).GET().build(), 200);
        }
        return switch (i % 5) {
            case 0 -> post(base, Kind.BAD, "/v1/sample", "{\"prime\": \"ROM", 400);
            case 1 -> post(base, Kind.BAD, "/v1/sample", "{\"length\": 10, \"colour\": \"blue\"}", 400);
            case 2 -> post(base, Kind.BAD, "/v1/sample", "{\"length\": -5}", 400);
            case 3 -> post(base, Kind.BAD, "/v1/score", "{\"text\": \"" + "a".repeat(2 << 20) + "\"}", 413);
            default -> new Planned(Kind.BAD, HttpRequest.newBuilder(base.resolve("/v1/score")).GET().build(), 405);
        };
    }

    private static Planned post(URI base, Kind kind, String path, String body, int expected) {
        return new Planned(kind, HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), expected);
    }

    static long percentile(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    /** The result as a Markdown table: per kind, the answers by status and the latencies of those that were 200. */
    static String table(Result result) {
        StringBuilder out = new StringBuilder("| requests | answers by status | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
        for (Kind kind : Kind.values()) {
            Map<Integer, Integer> byStatus = new TreeMap<>(result.statuses().getOrDefault(kind, Map.of()));
            List<Long> ok = result.okMillis().getOrDefault(kind, List.of());
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", kind.name().toLowerCase(Locale.ROOT),
                    byStatus.toString().replaceAll("[{}]", "").replace("=", ": "),
                    kind == Kind.BAD ? "" : percentile(ok, 0.5), kind == Kind.BAD ? "" : percentile(ok, 0.9),
                    kind == Kind.BAD ? "" : percentile(ok, 0.99), kind == Kind.BAD ? "" : ok.stream().mapToLong(Long::longValue).max().orElse(0)));
        }
        out.append(String.format(Locale.ROOT, "%n%d requests in %.1f s (%.0f a second), %d characters generated by whole samples "
                        + "(%.0f chars/s); failures: %d%n", result.statuses().values().stream().flatMap(m -> m.values().stream())
                        .mapToInt(Integer::intValue).sum(), result.wallMillis() / 1000.0,
                result.statuses().values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum() * 1000.0 / result.wallMillis(),
                result.charsGenerated(), result.charsGenerated() * 1000.0 / result.wallMillis(), result.failures().size()));
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        Result result = run(URI.create(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Files.readString(Path.of(args[3])), 1);
        System.out.print(table(result));
        result.failures().stream().limit(20).forEach(System.out::println);
        System.exit(result.failures().isEmpty() ? 0 : 1);
    }
}
