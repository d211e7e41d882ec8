package rnn.serve;

import java.util.List;

/**
 * The body of {@code POST /v1/sample}: {@code rnn sample}'s flags as JSON fields, with the same defaults and
 * ranges (the prime's length, the length and the samples bounded by the server's limits).
 *
 * @param seed   null: the server draws one and says which in the answer
 * @param stream true: the text comes as server-sent events while it is generated (one sample)
 */
record SampleRequest(String prime, int length, double temperature, int topK, double topP, Long seed, String stop,
                     int numSamples, boolean stream) {
    static final List<String> FIELDS = List.of("prime", "length", "temperature", "top_k", "top_p", "seed", "stop",
            "num_samples", "stream");

    static SampleRequest parse(byte[] body, Limits limits) {
        JsonBody json = JsonBody.parse(body, FIELDS);
        SampleRequest request = new SampleRequest(json.text("prime", ""),
                json.whole("length", Math.min(1000, limits.maxLength()), 0, limits.maxLength()),
                json.number("temperature", 1.0, 0, false, 100),
                json.whole("top_k", 0, 0, Integer.MAX_VALUE),
                json.number("top_p", 1.0, 0, true, 1),
                json.wholeOrNull("seed"),
                json.text("stop", null),
                json.whole("num_samples", 1, 1, limits.maxSamples()),
                json.flag("stream"));
        if (request.prime.codePointCount(0, request.prime.length()) > limits.maxLength()) { // reading it is work too
            throw new HttpError(400, "\"prime\" is longer than the server's limit of " + limits.maxLength()
                    + " characters (rnn serve --max-length); send its end");
        }
        if (request.stop != null && request.stop.isEmpty()) {
            throw new HttpError(400, "\"stop\" must not be empty; leave it out to stop at \"length\" only");
        }
        if (request.stream && request.numSamples > 1) {
            throw new HttpError(400, "\"stream\": true streams one sample; ask for \"num_samples\": 1, or leave \"stream\" out");
        }
        return request;
    }
}
