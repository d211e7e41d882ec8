package rnn.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import rnn.UserInputException;
import rnn.eval.Evaluator;
import rnn.text.Records;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /v1/score}: {@code {"text": "...", "per_line": false, "carry_state": false}} scored by {@code rnn eval}'s
 * own evaluator: loss in nats per character, bits per character, perplexity and the characters outside the
 * vocabulary (skipped and counted); with {@code per_line}, each line's score too, as {@code rnn eval --per-line}
 * gives them. Its time is bounded by the body's size limit (--max-body), not by --timeout: the evaluator has no
 * per-character hook to check it.
 */
final class ScoreEndpoint {
    static final List<String> FIELDS = List.of("text", "per_line", "carry_state");

    private final ServedModel served;
    private final Limits limits;
    private final Admission admission;
    private final int threads;

    ScoreEndpoint(ServedModel served, Limits limits, Admission admission, int threads) {
        this.served = served;
        this.limits = limits;
        this.admission = admission;
        this.threads = threads;
    }

    void handle(Call call) throws IOException {
        JsonBody json = JsonBody.parse(call.body(limits.maxBodyBytes()), FIELDS);
        String text = json.text("text", null);
        if (text == null) {
            throw new HttpError(400, "\"text\" is missing: send {\"text\": \"...\"}, the text to score");
        }
        boolean perLine = json.flag("per_line"), carry = json.flag("carry_state");
        if (carry && !perLine) {
            throw new HttpError(400, "\"carry_state\" applies to \"per_line\" only (the whole-text score always carries the state)");
        }
        int[] codePoints = text.codePoints().toArray();
        admission.enter(call.deadline);
        ObjectNode answer = Call.object();
        try {
            Evaluator.Evaluation score = Evaluator.evaluate(served.model(), served.vocabulary(), codePoints, threads,
                    served.records() == null ? null : Records.of(served.records()));
            answer.put("chars", score.chars());
            number(answer, "loss", score.loss());
            number(answer, "bpc", score.bitsPerChar());
            number(answer, "perplexity", score.perplexity());
            answer.put("oov", score.oov());
            if (perLine) {
                ArrayNode lines = answer.putArray("lines");
                int lineBreak = "line".equals(served.records()) ? served.vocabulary().idOf(Records.END) : served.vocabulary().idOf('\n');
                Evaluator.perLine(served.model(), served.vocabulary(), codePoints, carry, threads, line -> {
                    ObjectNode node = lines.addObject().put("line", line.line()).put("chars", line.chars());
                    number(node, "loss", line.loss());
                    number(node, "bpc", line.bitsPerChar());
                    node.put("oov", line.oov());
                }, lineBreak);
            }
            call.detail = score.chars() + " chars scored";
        } catch (UserInputException e) { // nothing to score: an empty text, or none of it in the vocabulary
            throw new HttpError(400, e.getMessage());
        } finally {
            admission.leave();
        }
        call.json(200, answer);
    }

    /** A number, or null where there is none (a line with nothing scored): JSON has no NaN. */
    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }
}
