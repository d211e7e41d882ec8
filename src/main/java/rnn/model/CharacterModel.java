package rnn.model;

import rnn.config.ModelConfig;
import rnn.config.Weight;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The model run one character at a time for N streams on the Java heap: what sampling and eval do.
 * Each layer takes the same {@link RecurrentStep} as training's loop over time, and the output the same
 * {@link SoftmaxCrossEntropy}. It needs no ND4J, so {@code rnn sample} and {@code rnn eval} start without
 * loading it.
 * <pre>
 *   gates = (l == 0 ? table[id] : x · Wx + b)     [N, G*H]   layer 0's input half is a table: it depends
 *   hw    = h[t-1] · Wh                           [N, G*H]   only on the symbol, so it is computed once
 *   cell step -> h (and c)                        [N, H]
 *   logits = h · W + b                            [N, V]
 * </pre>
 * The products take the routes {@link ProductRoute#forStreams} chooses: one stream (sample, eval) the plain
 * loops, which HotSpot vectorises by itself and which are fast from the first character; several streams
 * (sample --num-samples) the packed product on the state's blocks in place, against weights packed once,
 * or without the Vector API each stream in turn through the plain loops. A stream's numbers do not depend
 * on how the streams are split between threads.
 */
public final class CharacterModel {
    private static final Kernels KERNELS = Kernels.ACTIVE;
    /**
     * Multiply-adds per step below which a thread of its own costs more than it saves. The helpers spin
     * for the next step (SpinningThreads): a pool's thread, woken each time, made the step slower than one
     * thread (docs/measurements.md, "Sampling and start-up").
     */
    private static final long MIN_WORK_PER_THREAD = 1_000_000;
    /** Symbols per chunk of {@link #exponentiate(float[], int)}. */
    static final int EXP_CHUNK = 1024;

    /** A weight matrix [rows, columns] as PlainProducts's row arrays, and packed for several streams once one asks. */
    private static final class Matrix {
        final float[][] rows;
        private PackedMatrix packed;

        Matrix(float[] values, int rows) {
            int columns = values.length / rows;
            this.rows = new float[rows][];
            for (int r = 0; r < rows; r++) {
                this.rows[r] = Arrays.copyOfRange(values, r * columns, (r + 1) * columns);
            }
        }

        /** Packed from the row arrays, once; first called before any thread steps several streams (newState). */
        synchronized PackedMatrix packed() {
            if (packed == null) {
                int k = rows.length, n = rows[0].length;
                float[] flat = new float[k * n];
                for (int r = 0; r < k; r++) {
                    System.arraycopy(rows[r], 0, flat, r * n, n);
                }
                packed = new PackedMatrix(KERNELS, k, n).pack(flat, 0, false);
            }
            return packed;
        }
    }

    private final ModelConfig config;
    private final Cell[] cells;            // [L]
    private final int hidden;
    private final int width;               // G*H
    private final float[][] firstInput;    // [V][G*H]: embedding[v] · Wx + b of layer 0
    private final Matrix[] input;          // [L] Wx [H, G*H] for layers 1..; null for layer 0
    private final Matrix[] recurrent;      // [L] Wh [H, G*H]
    private final float[][] bias;          // [L][G*H]
    private final Matrix output;           // W [H, V]
    private final float[] outBias;         // [V]
    private final long workPerStream;      // multiply-adds of one stream's step
    private final RecurrentStep[] plainSteps;  // [L] one stream's step, in plain loops
    private RecurrentStep[] packedSteps;       // [L] several streams' step, packed; made by the first state of several streams
    private PackedMatrix packedOutput;         // W [H, V] packed, with packedSteps
    private final boolean packedStreams;   // several streams through the packed product (with SIMD), or one by one

    /**
     * A step model from every parameter by name, row-major in the shapes of {@link Weight#of}
     * (read, not kept: the model holds its own layouts).
     *
     * @throws IllegalArgumentException naming the parameter, if one is missing or of the wrong size
     */
    public static CharacterModel of(ModelConfig config, Function<String, float[]> values) {
        return of(config, values, ProductRoute.forStreams());
    }

    /** As {@link #of(ModelConfig, Function)}, choosing the route for several streams (tests run both). */
    static CharacterModel of(ModelConfig config, Function<String, float[]> values, ProductRoute streams) {
        Map<String, float[]> checked = new HashMap<>();
        for (Weight weight : Weight.of(config)) {
            float[] value = values.apply(weight.name());
            if (value == null || value.length != weight.size()) {
                throw new IllegalArgumentException("parameter " + weight.name() + " needs " + weight.size() + " values, got "
                        + (value == null ? "none" : value.length));
            }
            checked.put(weight.name(), value);
        }
        return new CharacterModel(config, checked, streams == ProductRoute.PACKED);
    }

    private CharacterModel(ModelConfig config, Map<String, float[]> values, boolean packedStreams) {
        this.config = config;
        this.packedStreams = packedStreams;
        int layers = config.layers(), vocab = config.vocabSize();
        this.hidden = config.hidden();
        this.width = config.cell().gates() * hidden;
        cells = new Cell[layers];
        input = new Matrix[layers];
        recurrent = new Matrix[layers];
        bias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int layer = l;
            cells[l] = Cell.of(config, role -> new Cell.Located(values.get(Weight.name(role, layer)), 0));
            input[l] = l == 0 ? null : new Matrix(values.get(Weight.name(Weight.Role.INPUT, l)), hidden);
            recurrent[l] = new Matrix(values.get(Weight.name(Weight.Role.RECURRENT, l)), hidden);
            bias[l] = values.get(Weight.name(Weight.Role.BIAS, l)).clone();
        }
        plainSteps = new RecurrentStep[layers];
        for (int l = 0; l < layers; l++) {
            plainSteps[l] = new RecurrentStep(cells[l], LayerProducts.plain(l == 0 ? null : input[l].rows, recurrent[l].rows));
        }
        float[][] table = new Matrix(values.get(Weight.name(Weight.Role.EMBEDDING, -1)), vocab).rows; // [V][E]
        firstInput = new float[vocab][];
        for (int v = 0; v < vocab; v++) {
            firstInput[v] = bias[0].clone();
        }
        PlainProducts.addProducts(table, new Matrix(values.get(Weight.name(Weight.Role.INPUT, 0)), config.embed()).rows, firstInput, 0, vocab);
        output = new Matrix(values.get(Weight.name(Weight.Role.OUTPUT, -1)), hidden);
        outBias = values.get(Weight.name(Weight.Role.OUTPUT_BIAS, -1)).clone();
        workPerStream = (2L * layers - 1) * hidden * width + (long) hidden * vocab;
    }

    public ModelConfig config() {
        return config;
    }

    /** What one run carries from character to character: per layer, the cell's arrays for all streams. */
    public final class State {
        final int batch;
        final TimeStepArrays[] layers; // [L]: gates, hw [N, G*H]; h [N, H] is hPrev and c is cPrev: updated in place
        final State[] oneStream;   // per thread, one stream's arrays for the plain loops when several go one by one; else null
        final float[] logits;      // [V] that stream's logits, in a one-stream state; else null

        private State(int batch) {
            this.batch = batch;
            layers = new TimeStepArrays[config.layers()];
            for (int l = 0; l < layers.length; l++) {
                float[] h = new float[batch * hidden], c = cells[l].hasCellState() ? new float[batch * hidden] : null;
                layers[l] = new TimeStepArrays(new float[batch * width], new float[batch * width], h, h, c, c,
                        cells[l].gates > 1 ? new float[batch * hidden] : null);
            }
            logits = batch == 1 ? new float[outBias.length] : null;
            oneStream = batch > 1 && !packedStreams ? new State[batch] : null; // at most one thread per stream
            for (int p = 0; oneStream != null && p < batch; p++) {
                oneStream[p] = new State(1);
            }
            if (batch > 1 && packedStreams) {
                packSteps();
            }
        }

        /** Stream 0's hidden state h of a layer, [H], as the last step left it: a copy. */
        public float[] hidden(int layer) {
            return java.util.Arrays.copyOf(layers[layer].h, hidden);
        }

        /** Stream 0's cell state c of a layer, [H] (a copy); null for a cell without one. */
        public float[] cell(int layer) {
            return layers[layer].c == null ? null : java.util.Arrays.copyOf(layers[layer].c, hidden);
        }
    }

    /**
     * The loss of one prediction, -log softmax(logits)[target] ({@link SoftmaxCrossEntropy#loss}): what eval
     * scores and what the sampler reads a prime by.
     */
    public static double crossEntropy(float[] logits, int target) {
        return SoftmaxCrossEntropy.loss(logits, 0, logits.length, target);
    }

    /** {@link #exponentiate(float[], int)} on one thread. */
    public static float exponentiate(float[] logits) {
        return exponentiate(logits, 1);
    }

    /** Packs the weights for several streams, once. */
    private synchronized void packSteps() {
        if (packedSteps == null) {
            RecurrentStep[] steps = new RecurrentStep[config.layers()];
            for (int l = 0; l < steps.length; l++) {
                steps[l] = new RecurrentStep(cells[l], LayerProducts.packed(l == 0 ? null : input[l].packed(), recurrent[l].packed(), null));
            }
            packedOutput = output.packed();
            packedSteps = steps;
        }
    }

    /** A zero state for {@code batch} streams. */
    public State newState(int batch) {
        return new State(batch);
    }

    /**
     * A one-stream state holding these arrays, in a checkpoint's order: per layer h, then c if the cell
     * has one; each [H].
     */
    public State stateOf(java.util.List<float[]> arrays) {
        State state = new State(1);
        int i = 0;
        for (int l = 0; l < config.layers(); l++) {
            System.arraycopy(arrays.get(i++), 0, state.layers[l].h, 0, hidden);
            if (state.layers[l].c != null) {
                System.arraycopy(arrays.get(i++), 0, state.layers[l].c, 0, hidden);
            }
        }
        return state;
    }

    /** A state for {@code batch} streams, each a copy of stream 0 of {@code source}. */
    public State replicate(State source, int batch) {
        State state = new State(batch);
        for (int l = 0; l < config.layers(); l++) {
            for (int n = 0; n < batch; n++) {
                copyStream(source.layers[l], 0, state.layers[l], n);
            }
        }
        return state;
    }

    /**
     * Feeds symbol ids[n] to stream n and writes that stream's next-symbol logits into
     * logits[n*V .. (n+1)*V); the state moves one character on. Several streams are split between up to
     * {@code threads} threads, each stepping its own streams through every layer, if each gets enough work.
     */
    public void step(int[] ids, State state, float[] logits, int threads) {
        int batch = ids.length, parts = parts(batch, threads);
        if (batch == 1) {
            stepOne(ids[0], state, logits, threads);
        } else if (parts <= 1) {
            stepStreams(ids, state, logits, 0, batch, 0);
        } else {
            SpinningThreads.run(parts, p -> stepStreams(ids, state, logits, p * batch / parts, (p + 1) * batch / parts, p));
        }
    }

    /** Streams [from, to) through every layer, on thread {@code part}, by the state's route. */
    private void stepStreams(int[] ids, State state, float[] logits, int from, int to, int part) {
        if (state.oneStream == null) {
            stepPacked(ids, state, logits, from, to);
            return;
        }
        State one = state.oneStream[part];
        int vocab = outBias.length;
        for (int n = from; n < to; n++) { // stream n's h (and c) into the one-stream arrays, a step, and back
            for (int l = 0; l < config.layers(); l++) {
                copyStream(state.layers[l], n, one.layers[l], 0);
            }
            stepOne(ids[n], one, one.logits, 1);
            for (int l = 0; l < config.layers(); l++) {
                copyStream(one.layers[l], 0, state.layers[l], n);
            }
            System.arraycopy(one.logits, 0, logits, n * vocab, vocab);
        }
    }

    private void copyStream(TimeStepArrays from, int fromStream, TimeStepArrays to, int toStream) {
        System.arraycopy(from.h, fromStream * hidden, to.h, toStream * hidden, hidden);
        if (from.c != null) {
            System.arraycopy(from.c, fromStream * hidden, to.c, toStream * hidden, hidden);
        }
    }

    /** Threads that step {@code batch} streams: at most {@code threads}, each with enough work. */
    int parts(int batch, int threads) {
        return (int) Math.min(Math.min(batch, threads), Math.max(1, batch * workPerStream / MIN_WORK_PER_THREAD));
    }

    /** Streams [from, to) through every layer, by the packed product. */
    private void stepPacked(int[] ids, State state, float[] logits, int from, int to) {
        int rows = to - from;
        for (int l = 0; l < config.layers(); l++) {
            TimeStepArrays s = state.layers[l];
            for (int n = from; n < to; n++) {
                System.arraycopy(l == 0 ? firstInput[ids[n]] : bias[l], 0, s.gates, n * width, width);
            }
            packedSteps[l].forward(s, l == 0 ? null : state.layers[l - 1].h, from, to, 1); // x·Wx + b, h[t-1]·Wh, the cell
        }
        int vocab = outBias.length;
        KERNELS.multiply(state.layers[config.layers() - 1].h, from * hidden, rows, packedOutput, logits, from * vocab, false);
        for (int n = from; n < to; n++) {
            KERNELS.add(logits, n * vocab, outBias, 0, logits, n * vocab, vocab);                                   // logits = h·W + b
        }
    }

    /**
     * One stream through every layer, by PlainProducts's plain loops. One stream's step reads every weight
     * once, from beyond the L2 cache, and two cores read about twice as fast as one; so each product
     * large enough (V = 5,403, H = 256: the output product is 1.4M of the step's 2.2M multiply-adds) is
     * split by columns between up to {@code threads} threads (docs/measurements.md). Each column is
     * computed as on one thread, so the logits do not depend on the split.
     */
    private void stepOne(int id, State state, float[] logits, int threads) {
        for (int l = 0; l < config.layers(); l++) {
            TimeStepArrays s = state.layers[l];
            System.arraycopy(l == 0 ? firstInput[id] : bias[l], 0, s.gates, 0, width);
            plainSteps[l].forward(s, l == 0 ? null : state.layers[l - 1].h, 0, 1, threads); // x·Wx + b, h[t-1]·Wh, the cell
        }
        System.arraycopy(outBias, 0, logits, 0, outBias.length);
        float[] top = state.layers[config.layers() - 1].h;
        PlainProducts.inColumns(outBias.length, (long) hidden * outBias.length, threads,
                (from, to) -> PlainProducts.addProduct(top, output.rows, logits, from, to)); // logits = h·W + b
    }

    /**
     * Logits become e^(logit - max), the softmax's unnormalised weights (0 for -inf, a masked symbol), in
     * place; returns their sum: what a sampler draws from. The sum is the sum of fixed chunks of
     * {@link #EXP_CHUNK} symbols ({@link SoftmaxCrossEntropy#exponentiate} each), added in order, so that the
     * chunks can be shared between up to {@code threads} threads and the result does not depend on how.
     */
    public static float exponentiate(float[] logits, int threads) {
        int vocab = logits.length, chunks = (vocab + EXP_CHUNK - 1) / EXP_CHUNK;
        float max = SoftmaxCrossEntropy.max(logits, 0, vocab);
        float[] sums = new float[chunks];
        int parts = Math.min(threads, chunks / 2);
        if (parts <= 1) {
            exponentiateChunks(logits, max, sums, 0, chunks);
        } else {
            SpinningThreads.run(parts, p -> exponentiateChunks(logits, max, sums, p * chunks / parts, (p + 1) * chunks / parts));
        }
        float sum = 0;
        for (float chunk : sums) {
            sum += chunk;
        }
        return sum;
    }

    private static void exponentiateChunks(float[] logits, float max, float[] sums, int from, int to) {
        for (int c = from; c < to; c++) {
            int at = c * EXP_CHUNK;
            sums[c] = SoftmaxCrossEntropy.exponentiate(logits, at, Math.min(EXP_CHUNK, logits.length - at), max);
        }
    }

}
