package rnn.sample;

import rnn.UserInputException;
import rnn.model.CharacterModel;
import rnn.text.Vocabulary;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Generates text one code point at a time, carrying the recurrent state from character to character.
 * Several samples are generated together as one batch (one row each). The same model, prime, seed and
 * settings give the same text.
 */
public final class Sampler {
    private final CharacterModel model;
    private final int endOfRecord;        // -1: a stream of text
    private final Vocabulary vocabulary;
    private final SamplingStrategy strategy;
    private final int threads;

    /** @param threads how many threads several samples are split between */
    public Sampler(CharacterModel model, Vocabulary vocabulary, SamplingStrategy strategy, int threads) {
        this(model, vocabulary, strategy, threads, -1);
    }

    /**
     * @param endOfRecord for a model of records (train --records), the id of the end-of-record symbol: every
     *                    sample is one record, started from a fresh state after that symbol (the prime, if any,
     *                    begins the record) and ended where the model draws it; -1 for a stream of text
     */
    public Sampler(CharacterModel model, Vocabulary vocabulary, SamplingStrategy strategy, int threads, int endOfRecord) {
        this.endOfRecord = endOfRecord;
        this.model = model;
        this.vocabulary = vocabulary;
        this.strategy = strategy;
        this.threads = threads;
    }

    /** What to generate. @param stop end a sample once it has produced this text (null = never) */
    public record Request(String prime, int length, int samples, String stop, long seed) {
    }

    /**
     * A short sample at temperature 0.8 from no prime, newlines shown as ⏎: what char-rnn shows at each
     * validation while training.
     */
    public static String preview(CharacterModel model, Vocabulary vocabulary, int endOfRecord, long seed) {
        StringWriter text = new StringWriter();
        new Sampler(model, vocabulary, SamplingStrategy.of(0.8, 0, 1), 1, endOfRecord).generate(new Request("", 100, 1, null, seed), text);
        return text.toString().strip().replace("\n", "⏎");
    }

    /** Receives each character as it is generated; throwing stops the generation (and the exception goes on). */
    @FunctionalInterface
    public interface Listener {
        void generated(int sample, int codePoint);
    }

    /**
     * Writes the samples to {@code out}. One sample is streamed as it is generated, prime first; several
     * are written one after another when all are done, each followed by a blank line. Returns what each
     * sample generated after the prime.
     */
    public List<String> generate(Request request, Writer out) {
        primeIds(request.prime()); // an unknown character is refused before anything is written
        Stream single = request.samples() == 1 ? new Stream(out) : null;
        if (single != null && !request.prime().isEmpty()) {
            single.write(request.prime());
        }
        List<String> generated = generate(request, single == null ? (sample, codePoint) -> { }
                : (sample, codePoint) -> single.write(Character.toString(codePoint)));
        if (single != null) {
            single.finish();
        } else {
            for (String text : generated) {
                new Stream(out).write(request.prime() + text + "\n\n");
            }
        }
        flush(out);
        return generated;
    }

    /**
     * Generates the samples, telling {@code listener} each character as it is drawn (what {@code rnn serve}
     * streams); returns what each sample generated after the prime.
     */
    public List<String> generate(Request request, Listener listener) {
        int batch = request.samples();
        Random random = new Random(request.seed());
        // Every sample starts from the same prime: read it once, then copy the state to each row.
        int vocab = model.config().vocabSize();
        float[] primeLogits = new float[vocab];                           // [1, V]
        CharacterModel.State primed = readPrime(primeIds(request.prime()), primeLogits);
        CharacterModel.State state = model.replicate(primed, batch);
        float[] logits = new float[batch * vocab];                        // [batch, V]
        for (int n = 0; n < batch; n++) {
            System.arraycopy(primeLogits, 0, logits, n * vocab, vocab);
        }

        StringBuilder[] texts = new StringBuilder[batch];                 // what each sample generated
        boolean[] done = new boolean[batch];
        for (int n = 0; n < batch; n++) {
            texts[n] = new StringBuilder();
        }
        int[] next = new int[batch];
        float[] rowLogits = new float[vocab];                             // [V] one sample's, for the strategy to change
        for (int i = 0; i < request.length() && !allDone(done); i++) {
            for (int n = 0; n < batch; n++) {
                System.arraycopy(logits, n * vocab, rowLogits, 0, vocab);
                next[n] = strategy.pick(rowLogits, random);
                if (done[n]) {
                    continue;
                }
                if (next[n] == endOfRecord) { // the record ends here; the symbol itself is not text
                    done[n] = true;
                    continue;
                }
                int codePoint = vocabulary.codePointOf(next[n]);
                texts[n].appendCodePoint(codePoint);
                listener.generated(n, codePoint);
                if (request.stop() != null && endsWithStop(texts[n], request.stop())) {
                    done[n] = true;
                }
            }
            model.step(next, state, logits, threads);
        }
        List<String> generated = new java.util.ArrayList<>();
        for (StringBuilder text : texts) {
            generated.add(text.toString());
        }
        return generated;
    }

    /** Whether the generated text ends with the stop text; looks at the tail only. */
    private static boolean endsWithStop(StringBuilder generated, String stop) {
        int start = generated.length() - stop.length();
        return start >= 0 && generated.indexOf(stop, start) == start;
    }

    private static boolean allDone(boolean[] done) {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the prime from a fresh state, after the context under which the model finds it likelier: a line
     * break or a blank line (neither is printed). Training carries the state across chunks, so a model rarely
     * sees a zero state followed by an arbitrary character, and such a start can send it into nonsense for
     * hundreds of characters; "after a newline" is a start every text has taught it. Which break fits depends
     * on the prime: on tinyshakespeare a speaker's name ("ROMEO:") starts a speech, after a blank line, and
     * a line of verse follows a single newline (docs/measurements.md, "Where generation starts", measured with
     * bench/fresh-start). Without a newline in the vocabulary, the first symbol stands in for it. Returns the
     * state after the prime; {@code logits} gets the prediction of the first character to generate.
     */
    private CharacterModel.State readPrime(int[] prime, float[] logits) {
        if (endOfRecord >= 0) { // a record starts from a fresh state after the end-of-record symbol, as in training
            CharacterModel.State state = model.newState(1);
            int[] input = {endOfRecord};
            model.step(input, state, logits, threads);
            for (int id : prime) {
                input[0] = id;
                model.step(input, state, logits, threads);
            }
            return state;
        }
        int newline = vocabulary.idOf('\n');
        int start = newline >= 0 ? newline : 0;
        int breaks = prime.length > 0 && newline >= 0 ? 2 : 1;
        CharacterModel.State best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        float[] out = new float[logits.length];
        int[] input = new int[1];
        for (int newlines = 1; newlines <= breaks; newlines++) {
            CharacterModel.State state = model.newState(1);
            input[0] = start;
            for (int n = 0; n < newlines; n++) {
                model.step(input, state, out, threads);
            }
            double loss = 0; // -log P(prime | the break), in nats
            for (int id : prime) {
                loss += CharacterModel.crossEntropy(out, id);
                input[0] = id;
                model.step(input, state, out, threads);
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = state;
                System.arraycopy(out, 0, logits, 0, logits.length);
            }
        }
        return best;
    }

    /** The prime's ids; characters the model never saw are an error that lists them. */
    private int[] primeIds(String prime) {
        String unknown = unknownCharacters(vocabulary, prime);
        if (!unknown.isEmpty()) {
            throw new UserInputException("--prime has characters the model never saw: " + unknown
                    + "; remove them or train on text that has them");
        }
        return vocabulary.encode(prime.codePoints().toArray());
    }

    /** The characters of {@code text} outside the vocabulary, described once each (the first 20); "" if none. */
    public static String unknownCharacters(Vocabulary vocabulary, String text) {
        Set<Integer> unknown = new LinkedHashSet<>();
        text.codePoints().filter(cp -> !vocabulary.contains(cp)).forEach(unknown::add);
        return unknown.stream().limit(20).map(Vocabulary::describe).collect(Collectors.joining(", "))
                + (unknown.size() > 20 ? ", ... (" + unknown.size() + " in all)" : "");
    }

    private static void flush(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams text, flushing at each newline and at least every 100 ms, so a reader sees it as it comes.
     * A PrintWriter keeps write errors to itself: after each flush its error flag says whether the reader
     * is still there, and if not, generation stops at once ({@link OutputClosedException}).
     */
    private static final class Stream {
        private final Writer out;
        private long lastFlush = System.nanoTime();

        Stream(Writer out) {
            this.out = out;
        }

        void write(String text) {
            try {
                out.write(text);
                if (text.indexOf('\n') >= 0 || System.nanoTime() - lastFlush > 100_000_000L) {
                    out.flush();
                    lastFlush = System.nanoTime();
                    if (out instanceof PrintWriter printer && printer.checkError()) {
                        throw new OutputClosedException();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() {
            write("\n");
        }
    }
}
