package rnn.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 32 clients, 2,000 requests against one server on 127.0.0.1 ({@link LoadClient}'s mix, bad requests among them):
 * no request fails other than by 429/503, each bad one gets its 4xx, and the server answers afterwards. Latencies
 * are printed, not asserted (bench/serve-load measures them with the default model; README "rnn serve").
 */
class ServeLoadTest {
    @Test
    void thirtyTwoClientsTwoThousandRequests() throws Exception {
        try (TestServer server = new TestServer(TestServer.model(64), TestServer.limits())) {
            LoadClient.Result result = LoadClient.run(server.server.address(), 32, 2000, TestServer.TEXT, 1);
            System.out.print(LoadClient.table(result));
            assertEquals(java.util.List.of(), result.failures().subList(0, Math.min(10, result.failures().size())));
            assertEquals(2000, result.statuses().values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum());
            for (LoadClient.Kind kind : LoadClient.Kind.values()) { // 32 clients against 2 turns and a queue of 16: many get 429
                assertTrue(kind == LoadClient.Kind.BAD || result.statuses().get(kind).getOrDefault(200, 0) > 0,
                        kind + " requests were answered: " + result.statuses());
            }
            assertTrue(result.statuses().get(LoadClient.Kind.BAD).values().stream().mapToInt(Integer::intValue).sum() > 100,
                    "bad requests were among them");
            assertEquals(200, server.post("/v1/sample", "{\"length\": 50, \"seed\": 1}").status(), "and it answers afterwards");
            assertEquals(200, server.get("/v1/info").status());
        }
    }
}
