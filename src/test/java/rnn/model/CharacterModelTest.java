package rnn.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rnn.config.CellType;
import rnn.config.ModelConfig;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-character-at-a-time path of sampling and eval against the training engine: the same
 * predictions, character after character, with the state carried, for every cell.
 */
class CharacterModelTest {

    /** One stream takes the plain loops; several the packed product (with SIMD) or the plain loops one by one. */
    @ParameterizedTest
    @CsvSource({"LSTM, 1, true", "GRU, 1, true", "RNN, 1, true", "LSTM, 6, true", "GRU, 6, true", "RNN, 6, true",
            "LSTM, 6, false", "GRU, 6, false", "RNN, 6, false"})
    void stepByStepPredictionsScoreWhatTheTrainingEngineScores(CellType cell, int batch, boolean packed) {
        // Odd sizes exercise the leftover rows of the 4-row product and the leftover SIMD lanes.
        ModelConfig config = new ModelConfig(cell, 2, 13, 7, 11);
        Parameters parameters = Parameters.initialized(config, 5);
        int seqLen = 40;
        Random random = new Random(2);
        int[] ids = random.ints((long) seqLen * batch, 0, 11).toArray();     // time-major
        int[] targets = random.ints((long) seqLen * batch, 0, 11).toArray();
        double expected = new Network(parameters, new Network.Threads(1, 1)).loss(ids, targets, seqLen, newState(config, batch));

        CharacterModel steps = CharacterModel.of(config, parameters::copyOf, packed ? ProductRoute.PACKED : ProductRoute.PLAIN);
        double fromSteps = meanCrossEntropy(steps, steps.newState(batch), ids, targets, seqLen, batch);
        assertEquals(expected, fromSteps, 1e-6 * expected, cell + ": mean cross-entropy of " + seqLen * batch + " predictions");

        // Not vacuous: the carried state matters. Scoring the second half from a fresh state gives another loss.
        int half = seqLen / 2 * batch;
        double carried = meanCrossEntropy(steps, advanced(steps, ids, half, batch), tail(ids, half), tail(targets, half),
                seqLen / 2, batch);
        double fresh = meanCrossEntropy(steps, steps.newState(batch), tail(ids, half), tail(targets, half), seqLen / 2, batch);
        assertTrue(Math.abs(carried - fresh) > 1e-4, cell + ": the carried state made no difference");
    }

    /**
     * One stream at a Chinese-sized vocabulary: the output product split between two threads by columns
     * gives the same bits as one thread, and eval's loss of the step is the engine's.
     */
    @ParameterizedTest
    @CsvSource({"LSTM, 5403", "GRU, 5001"})
    void oneStreamsOutputProductSplitBetweenThreadsGivesTheSameLogits(CellType cell, int vocab) {
        ModelConfig config = new ModelConfig(cell, 2, 64, 8, vocab);
        Parameters parameters = Parameters.initialized(config, 9);
        CharacterModel steps = CharacterModel.of(config, parameters::copyOf);
        CharacterModel.State one = steps.newState(1), two = steps.newState(1);
        float[] logitsOne = new float[vocab], logitsTwo = new float[vocab];
        Random random = new Random(4);
        int seqLen = 12;
        int[] ids = random.ints(seqLen, 0, vocab).toArray(), targets = random.ints(seqLen, 0, vocab).toArray();
        double loss = 0;
        for (int t = 0; t < seqLen; t++) {
            steps.step(new int[] {ids[t]}, one, logitsOne, 1);
            steps.step(new int[] {ids[t]}, two, logitsTwo, 2);
            assertArrayEquals(logitsOne, logitsTwo, "step " + t);
            loss += CharacterModel.crossEntropy(logitsTwo, targets[t]);
        }
        double expected = new Network(parameters, new Network.Threads(1, 1)).loss(ids, targets, seqLen, newState(config, 1));
        assertEquals(expected, loss / seqLen, 1e-5 * expected);
    }

    /**
     * The sampler's softmax weights at V = 5,403: the same bits on one thread and on two (fixed chunks,
     * added in order), within float rounding of the double-precision sum, and 0 for a masked symbol.
     */
    @org.junit.jupiter.api.Test
    void exponentiateGivesTheSameBitsOnOneThreadAndOnTwo() {
        Random random = new Random(6);
        float[] logits = new float[5403];
        for (int v = 0; v < logits.length; v++) {
            logits[v] = (float) (4 * random.nextGaussian());
        }
        logits[17] = Float.NEGATIVE_INFINITY;
        float[] one = logits.clone(), two = logits.clone();
        float sumOne = CharacterModel.exponentiate(one, 1), sumTwo = CharacterModel.exponentiate(two, 2);
        assertEquals(sumOne, sumTwo, 0f);
        assertArrayEquals(one, two);
        double max = Double.NEGATIVE_INFINITY, exact = 0;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        for (float logit : logits) {
            exact += Math.exp(logit - max);
        }
        assertEquals(exact, sumOne, 1e-6 * exact);
        assertEquals(0f, one[17], 0f);
    }

    /** Sizes at which two threads get enough work each to be used. */
    @ParameterizedTest
    @CsvSource({"LSTM, 192, true", "GRU, 192, true", "RNN, 384, true", "LSTM, 192, false", "GRU, 192, false"})
    void streamsSplitBetweenThreadsGiveTheSameLogitsAsOneThread(CellType cell, int hidden, boolean packed) {
        ModelConfig config = new ModelConfig(cell, 2, hidden, 5, 7);
        CharacterModel steps = CharacterModel.of(config, Parameters.initialized(config, 3)::copyOf, packed ? ProductRoute.PACKED : ProductRoute.PLAIN);
        int batch = 9;
        assertEquals(2, steps.parts(batch, 2), "the streams are split");
        assertEquals(1, steps.parts(batch, 1));
        float[][] logits = new float[2][batch * 7];
        CharacterModel.State[] states = {steps.newState(batch), steps.newState(batch)};
        Random random = new Random(4);
        for (int t = 0; t < 10; t++) {
            int[] ids = random.ints(batch, 0, 7).toArray();
            steps.step(ids, states[0], logits[0], 1);
            steps.step(ids, states[1], logits[1], 2);
            assertArrayEquals(logits[0], logits[1], cell + ": at step " + t);
        }
    }

    private static RecurrentState newState(ModelConfig config, int batch) {
        return new RecurrentState(config.layers(), batch, config.hidden(), config.cell() == CellType.LSTM);
    }

    /** The state after feeding the first {@code count} ids (time-major, {@code batch} streams). */
    private static CharacterModel.State advanced(CharacterModel steps, int[] ids, int count, int batch) {
        CharacterModel.State state = steps.newState(batch);
        float[] logits = new float[batch * steps.config().vocabSize()];
        for (int at = 0; at < count; at += batch) {
            steps.step(java.util.Arrays.copyOfRange(ids, at, at + batch), state, logits, 1);
        }
        return state;
    }

    private static double meanCrossEntropy(CharacterModel steps, CharacterModel.State state, int[] ids, int[] targets, int seqLen, int batch) {
        int vocab = steps.config().vocabSize();
        float[] logits = new float[batch * vocab];
        double sum = 0;
        for (int t = 0; t < seqLen; t++) {
            steps.step(java.util.Arrays.copyOfRange(ids, t * batch, (t + 1) * batch), state, logits, 1);
            for (int n = 0; n < batch; n++) {
                sum += SoftmaxCrossEntropy.loss(logits, n * vocab, vocab, targets[t * batch + n]);
            }
        }
        return sum / (seqLen * batch);
    }

    private static int[] tail(int[] values, int from) {
        return java.util.Arrays.copyOfRange(values, from, values.length);
    }
}
