package rnn.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import rnn.sample.Sampler;
import rnn.sample.SamplingStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /v1/sample}: text from the model by {@code rnn sample}'s own sampler, so the same seed and settings
 * give the same text. Answers one JSON object when the samples are done, or with {@code "stream": true} a stream
 * of server-sent events while the sample is generated:
 * <pre>
 *   event: start   data: {"seed": 7, "prime": "ROMEO:"}
 *   event: text    data: {"text": "\nI"}           (as generated: at each line break, at least every 50 ms)
 *   event: done    data: {"seed": 7, "chars": 200, "finish_reason": "length"}
 *   event: error   data: {"error": "...", "status": 503}   (instead of done, when the sample is cut)
 * </pre>
 */
final class SampleEndpoint {
    private static final long FLUSH_NANOS = 50_000_000L;

    private final ServedModel served;
    private final Limits limits;
    private final Admission admission;
    private final int threads;             // per generation
    private final BooleanSupplier cutting; // the server is stopping and its grace is over

    SampleEndpoint(ServedModel served, Limits limits, Admission admission, int threads, BooleanSupplier cutting) {
        this.served = served;
        this.limits = limits;
        this.admission = admission;
        this.threads = threads;
        this.cutting = cutting;
    }

    void handle(Call call) throws IOException {
        SampleRequest asked = SampleRequest.parse(call.body(limits.maxBodyBytes()), limits);
        String unknown = Sampler.unknownCharacters(served.vocabulary(), asked.prime());
        if (!unknown.isEmpty()) {
            throw new HttpError(400, "\"prime\" has characters the model never saw: " + unknown + "; remove them");
        }
        long seed = asked.seed() != null ? asked.seed() : System.nanoTime();
        Sampler sampler = new Sampler(served.model(), served.vocabulary(),
                SamplingStrategy.of(asked.temperature(), asked.topK(), asked.topP(), threads), threads, served.endOfRecord());
        Sampler.Request request = new Sampler.Request(asked.prime(), asked.length(), asked.numSamples(), asked.stop(), seed);
        call.detail = "seed " + seed;
        admission.enter(call.deadline);
        try {
            if (asked.stream()) {
                stream(call, sampler, request);
            } else {
                whole(call, sampler, request);
            }
        } finally {
            admission.leave();
        }
    }

    /** All samples, then one answer. */
    private void whole(Call call, Sampler sampler, Sampler.Request request) throws IOException {
        List<String> texts = sampler.generate(request, (sample, codePoint) -> checkTime(call));
        ObjectNode answer = Call.object().put("seed", request.seed()).put("prime", request.prime());
        ArrayNode samples = answer.putArray("samples");
        int chars = 0;
        for (String text : texts) {
            samples.addObject().put("text", text).put("finish_reason", finishReason(text, request));
            chars += text.codePointCount(0, text.length());
        }
        call.detail += ", " + chars + " chars";
        call.json(200, answer);
    }

    /** One sample as events, each piece sent as it is generated. */
    private void stream(Call call, Sampler sampler, Sampler.Request request) throws IOException {
        call.startEvents();
        call.event("start", Call.object().put("seed", request.seed()).put("prime", request.prime()));
        StringBuilder pending = new StringBuilder();
        long[] lastSent = {System.nanoTime()};
        int[] chars = {0};
        try {
            String text = sampler.generate(request, (sample, codePoint) -> {
                checkTime(call);
                pending.appendCodePoint(codePoint);
                chars[0]++;
                if (codePoint == '\n' || System.nanoTime() - lastSent[0] > FLUSH_NANOS) {
                    send(call, pending);
                    lastSent[0] = System.nanoTime();
                }
            }).get(0);
            send(call, pending);
            call.event("done", Call.object().put("seed", request.seed()).put("chars", chars[0])
                    .put("finish_reason", finishReason(text, request)));
            call.detail += ", " + chars[0] + " chars streamed";
        } catch (HttpError cut) { // the headers are gone: the stream ends with the reason
            send(call, pending);
            call.event("error", Call.object().put("error", cut.getMessage()).put("status", cut.status));
            call.detail += ", cut after " + chars[0] + " chars: " + cut.getMessage();
        } catch (UncheckedIOException gone) {
            call.detail += ", the client went away after " + chars[0] + " chars";
        }
    }

    private static void send(Call call, StringBuilder pending) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            call.event("text", Call.object().put("text", pending.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // stops the generation: nobody is reading
        }
        pending.setLength(0);
    }

    /** Ends a generation whose time is up, or which the server's shutdown cuts. */
    private void checkTime(Call call) {
        if (cutting.getAsBoolean()) {
            throw new HttpError(503, "the server is shutting down and cut the sample; send the request again after it restarts");
        }
        if (System.nanoTime() > call.deadline) {
            throw new HttpError(503, "the request took longer than the server's limit of " + limits.timeout().toSeconds()
                    + " s (rnn serve --timeout); ask for fewer characters");
        }
    }

    /** "stop" (the stop text came), "end_of_record" (a model of records ended its record) or "length". */
    private static String finishReason(String text, Sampler.Request request) {
        if (request.stop() != null && text.endsWith(request.stop())) {
            return "stop";
        }
        return text.codePointCount(0, text.length()) < request.length() ? "end_of_record" : "length";
    }
}
