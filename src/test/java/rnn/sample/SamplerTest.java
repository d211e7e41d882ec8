package rnn.sample;

import org.junit.jupiter.api.Test;
import rnn.UserInputException;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.Parameters;
import rnn.model.CharacterModel;
import rnn.text.Vocabulary;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {
    private static final Vocabulary VOCABULARY = Vocabulary.of("ab\n世🙂".codePoints().toArray());
    private static final ModelConfig CONFIG = new ModelConfig(CellType.GRU, 2, 16, 4, VOCABULARY.size());
    private static final CharacterModel MODEL = CharacterModel.of(CONFIG, Parameters.initialized(CONFIG, 5)::copyOf);

    private static String sample(String prime, int length, int samples, String stop, long seed) {
        StringWriter out = new StringWriter();
        new Sampler(MODEL, VOCABULARY, SamplingStrategy.of(1.0, 0, 1), 2).generate(
                new Sampler.Request(prime, length, samples, stop, seed), out);
        return out.toString();
    }

    /**
     * The reference for how a prime is read: from a zero state after one newline and after two, the prime's
     * loss -Σ log p under each, the likelier kept; then greedy generation from there.
     */
    private static String greedyReference(CharacterModel model, String prime, int length) {
        int newline = VOCABULARY.idOf('\n'), vocab = model.config().vocabSize();
        int[] ids = VOCABULARY.encode(prime.codePoints().toArray());
        CharacterModel.State best = null;
        float[] bestLogits = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int newlines = 1; newlines <= 2; newlines++) {
            CharacterModel.State state = model.newState(1);
            float[] logits = new float[vocab];
            for (int n = 0; n < newlines; n++) {
                model.step(new int[] {newline}, state, logits, 1);
            }
            double loss = 0;
            for (int id : ids) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (float z : logits) {
                    max = Math.max(max, z);
                }
                for (float z : logits) {
                    sum += Math.exp(z - max);
                }
                loss += Math.log(sum) + max - logits[id];
                model.step(new int[] {id}, state, logits, 1);
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = state;
                bestLogits = logits;
            }
        }
        StringBuilder text = new StringBuilder(prime);
        float[] logits = bestLogits;
        for (int i = 0; i < length; i++) {
            int next = 0;
            for (int v = 1; v < vocab; v++) {
                next = logits[v] > logits[next] ? v : next;
            }
            text.appendCodePoint(VOCABULARY.codePointOf(next));
            logits = new float[vocab];
            model.step(new int[] {next}, best, logits, 1);
        }
        return text + "\n";
    }

    @Test
    void aPrimeIsReadAfterTheBreakThatMakesItLikelier() {
        // Different weights make different breaks likelier for the same primes: both branches are taken.
        java.util.Set<Boolean> twoNewlinesWon = new java.util.HashSet<>();
        for (long seed = 1; seed <= 12; seed++) {
            CharacterModel model = CharacterModel.of(CONFIG, Parameters.initialized(CONFIG, seed)::copyOf);
            for (String prime : new String[] {"ab", "\n世b", "🙂a"}) {
                StringWriter out = new StringWriter();
                new Sampler(model, VOCABULARY, SamplingStrategy.of(0, 0, 1), 1)
                        .generate(new Sampler.Request(prime, 30, 1, null, 0), out);
                assertEquals(greedyReference(model, prime, 30), out.toString(), "seed " + seed + ", prime " + prime);
                twoNewlinesWon.add(!greedyReference(model, prime, 30).equals(oneNewlineGreedy(model, prime, 30)));
            }
        }
        assertEquals(2, twoNewlinesWon.size(), "some primes read after one newline, some after two");
    }

    private static String oneNewlineGreedy(CharacterModel model, String prime, int length) {
        int newline = VOCABULARY.idOf('\n'), vocab = model.config().vocabSize();
        CharacterModel.State state = model.newState(1);
        float[] logits = new float[vocab];
        model.step(new int[] {newline}, state, logits, 1);
        for (int id : VOCABULARY.encode(prime.codePoints().toArray())) {
            model.step(new int[] {id}, state, logits, 1);
        }
        StringBuilder text = new StringBuilder(prime);
        for (int i = 0; i < length; i++) {
            int next = 0;
            for (int v = 1; v < vocab; v++) {
                next = logits[v] > logits[next] ? v : next;
            }
            text.appendCodePoint(VOCABULARY.codePointOf(next));
            model.step(new int[] {next}, state, logits, 1);
        }
        return text + "\n";
    }

    @Test
    void sameSeedSameTextOtherSeedOtherText() {
        String a = sample("ab", 200, 1, null, 11);
        assertEquals(a, sample("ab", 200, 1, null, 11));
        assertNotEquals(a, sample("ab", 200, 1, null, 12));
    }

    @Test
    void primeComesFirstAndLengthCountsCodePoints() {
        String text = sample("a🙂", 50, 1, null, 3);
        assertTrue(text.startsWith("a🙂"));
        assertTrue(text.endsWith("\n"));
        String body = text.substring(0, text.length() - 1);
        assertEquals(2 + 50, body.codePointCount(0, body.length()), "50 code points after the prime, emoji count once");
    }

    @Test
    void severalSamplesAreEachFollowedByABlankLine() {
        String text = sample("b", 30, 3, null, 4);
        String[] blocks = text.split("\n\n", -1);
        long samplesStartingWithPrime = java.util.Arrays.stream(blocks).filter(b -> b.startsWith("b")).count();
        assertTrue(samplesStartingWithPrime >= 3 || text.chars().filter(c -> c == 'b').count() >= 3, text);
        assertTrue(text.endsWith("\n\n"));
    }

    @Test
    void stopEndsTheSampleAfterTheStopText() {
        String text = sample("a", 5000, 1, "世", 8);
        assertTrue(text.endsWith("世\n"), text);
        assertEquals(1, text.chars().filter(c -> c == '世').count());
    }

    @Test
    void primeWithUnknownCharactersNamesThem() {
        UserInputException e = assertThrows(UserInputException.class, () -> sample("abz€", 5, 1, null, 1));
        assertTrue(e.getMessage().contains("'z' (U+007A)") && e.getMessage().contains("'€' (U+20AC)"), e.getMessage());
    }

    @Test
    void aReaderThatWentAwayStopsGenerationAtOnce() {
        // Like `rnn sample | head -c 20`: the pipe refuses bytes once 20 have gone through.
        long[] offered = {0};
        OutputStream pipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                offered[0] += length;
                if (offered[0] > 20) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        PrintWriter out = new PrintWriter(new OutputStreamWriter(pipe, StandardCharsets.UTF_8));
        Sampler sampler = new Sampler(MODEL, VOCABULARY, SamplingStrategy.of(1.0, 0, 1), 1);
        assertThrows(OutputClosedException.class,
                () -> sampler.generate(new Sampler.Request("", 10_000_000, 1, null, 3), out));
        assertTrue(offered[0] < 100_000, "stopped soon after the pipe closed, not after 10 M characters: " + offered[0]);
    }
}
