package rnn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The model's weights on the Java heap, run one character at a time: what sampling does. At batch 1
 * each ND4J op costs 10-25 us of dispatch whatever its size, which made sampling several times slower
 * than PyTorch; here a step is a few matrix-vector products and one pass of element-wise math per layer,
 * in plain Java (README, "Measured"). It needs no ND4J at all, so {@code rnn sample} starts without
 * loading it. The numbers are the model's own: {@code StepModelTest} holds the logits to
 * {@link CharRnn#forward}'s.
 *
 * <p>Weights are laid out with the gate blocks side by side: column k*H + j of a layer's [rows][G*H]
 * matrix belongs to unit j of gate k. The first layer's input half is a table: x · Wx + b depends only
 * on the symbol, so it is computed once per symbol.
 */
public final class StepModel {
    /** One cell's element-wise step for one stream; each cell's sits beside its forward and backward. */
    interface HostCell {
        /** From xPart = x · Wx + b and hPart = h[t-1] · Wh, each [G*H], updates h (and c) [H] in place. */
        void step(float[] xPart, float[] hPart, float[] extra, float[] h, float[] c);
    }

    private final ModelConfig config;
    private final HostCell cell;
    private final int hidden;
    private final int gateWidth;         // G*H
    private final float[][] firstInput;  // [V][G*H]: embedding[v] · Wx + b of layer 0
    private final float[][][] wx;        // [L][I][G*H]; layer 0's is folded into firstInput
    private final float[][][] wh;        // [L][H][G*H]
    private final float[][] b;           // [L][G*H]
    private final float[][] extra;       // [L][H]: GRU's bhn; null for other cells
    private final float[][] outWeight;   // [H][V]
    private final float[] outBias;       // [V]

    /**
     * A step model from every parameter by name (row-major values, the shapes of {@link #shapes}).
     *
     * @throws IllegalArgumentException naming the parameter, if one is missing or of the wrong size
     */
    public static StepModel of(ModelConfig config, Function<String, float[]> parameters) {
        return new StepModel(config, checked(config, parameters));
    }

    /** The parameters a model of this architecture has, by name, with their shapes (as CharRnn makes them). */
    public static Map<String, long[]> shapes(ModelConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long g = config.cell().gates, h = config.hidden();
        shapes.put("embedding.table", new long[] {config.vocabSize(), config.embed()});
        for (int l = 0; l < config.layers(); l++) {
            shapes.put("layer" + l + ".wx", new long[] {g, l == 0 ? config.embed() : h, h});
            shapes.put("layer" + l + ".wh", new long[] {g, h, h});
            shapes.put("layer" + l + ".b", new long[] {g, h});
            if (config.cell() == CellType.GRU) {
                shapes.put("layer" + l + ".bhn", new long[] {h});
            }
        }
        shapes.put("output.weight", new long[] {h, config.vocabSize()});
        shapes.put("output.bias", new long[] {config.vocabSize()});
        return shapes;
    }

    private static Map<String, float[]> checked(ModelConfig config, Function<String, float[]> parameters) {
        Map<String, float[]> values = new LinkedHashMap<>();
        shapes(config).forEach((name, shape) -> {
            float[] value = parameters.apply(name);
            long length = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            if (value == null || value.length != length) {
                throw new IllegalArgumentException("parameter " + name + " needs " + length + " values, got "
                        + (value == null ? "none" : value.length));
            }
            values.put(name, value);
        });
        return values;
    }

    private StepModel(ModelConfig config, Map<String, float[]> values) {
        this.config = config;
        this.cell = switch (config.cell()) {
            case LSTM -> Lstm::hostStep;
            case GRU -> Gru::hostStep;
            case RNN -> TanhRnn::hostStep;
        };
        int layers = config.layers(), vocab = config.vocabSize(), gates = config.cell().gates;
        this.hidden = config.hidden();
        this.gateWidth = gates * hidden;
        wx = new float[layers][][];
        wh = new float[layers][][];
        b = new float[layers][];
        extra = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? config.embed() : hidden;
            wx[l] = gateColumns(values.get("layer" + l + ".wx"), gates, in, hidden);
            wh[l] = gateColumns(values.get("layer" + l + ".wh"), gates, hidden, hidden);
            b[l] = values.get("layer" + l + ".b").clone(); // [G, H] row-major is already [G*H]
            extra[l] = values.get("layer" + l + ".bhn");
        }
        float[][] table = rows(values.get("embedding.table"), vocab, config.embed()); // [V][E]
        firstInput = new float[vocab][];
        for (int v = 0; v < vocab; v++) {
            firstInput[v] = b[0].clone();
        }
        HostMath.addProducts(table, wx[0], firstInput, 0, vocab);
        outWeight = rows(values.get("output.weight"), hidden, vocab);
        outBias = values.get("output.bias").clone();
    }

    /** [G, rows, H] row-major -> rows x [G*H]. */
    private static float[][] gateColumns(float[] perGate, int gates, int rows, int hidden) {
        float[][] out = new float[rows][gates * hidden];
        for (int k = 0; k < gates; k++) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(perGate, (k * rows + i) * hidden, out[i], k * hidden, hidden);
            }
        }
        return out;
    }

    /** [rows, width] row-major -> rows x [width]. */
    private static float[][] rows(float[] values, int rows, int width) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(values, r * width, (r + 1) * width);
        }
        return out;
    }

    public ModelConfig config() {
        return config;
    }

    /** What one run carries from character to character: h (and c) per layer and stream. */
    public final class State {
        final float[][][] hiddens;          // [L][N][H]
        final float[][][] cells;            // [L][N][H], rows null for cells without one
        private final float[][] xParts;     // [N][G*H]: x · Wx + b of the layer being stepped
        private final float[][] hParts;     // [N][G*H]: h[t-1] · Wh

        private State(int batch) {
            int layers = config.layers();
            hiddens = new float[layers][batch][hidden];
            cells = new float[layers][][];
            for (int l = 0; l < layers; l++) {
                cells[l] = config.cell() == CellType.LSTM ? new float[batch][hidden] : new float[batch][];
            }
            xParts = new float[batch][gateWidth];
            hParts = new float[batch][gateWidth];
        }
    }

    /** A zero state for {@code batch} streams. */
    public State newState(int batch) {
        return new State(batch);
    }

    /** A state for {@code batch} streams, each a copy of stream 0 of {@code source}. */
    public State replicate(State source, int batch) {
        State state = new State(batch);
        for (int l = 0; l < config.layers(); l++) {
            for (int n = 0; n < batch; n++) {
                state.hiddens[l][n] = source.hiddens[l][0].clone();
                if (source.cells[l][0] != null) {
                    state.cells[l][n] = source.cells[l][0].clone();
                }
            }
        }
        return state;
    }

    /**
     * Feeds symbol ids[n] to stream n and writes that stream's next-symbol logits into logits[n] [V];
     * the state moves one character on. Several streams are split between {@code threads} threads, each
     * stepping its own streams through every layer. (Splitting one stream's units between threads was
     * measured too, and gained nothing.)
     */
    public void step(int[] ids, State state, float[][] logits, int threads) {
        int batch = ids.length, parts = Math.min(batch, threads);
        if (parts <= 1) {
            stepStreams(ids, state, logits, 0, batch);
        } else {
            inParallel(parts, p -> stepStreams(ids, state, logits, p * batch / parts, (p + 1) * batch / parts));
        }
    }

    /** Streams [from, to) through every layer, so each weight matrix is read once for all of them. */
    private void stepStreams(int[] ids, State state, float[][] logits, int from, int to) {
        for (int l = 0; l < config.layers(); l++) {
            for (int n = from; n < to; n++) {
                System.arraycopy(l == 0 ? firstInput[ids[n]] : b[l], 0, state.xParts[n], 0, gateWidth);
                Arrays.fill(state.hParts[n], 0f);
            }
            if (l > 0) {
                HostMath.addProducts(state.hiddens[l - 1], wx[l], state.xParts, from, to); // x · Wx + b
            }
            HostMath.addProducts(state.hiddens[l], wh[l], state.hParts, from, to);         // h[t-1] · Wh
            for (int n = from; n < to; n++) {
                cell.step(state.xParts[n], state.hParts[n], extra[l], state.hiddens[l][n], state.cells[l][n]);
            }
        }
        for (int n = from; n < to; n++) {
            System.arraycopy(outBias, 0, logits[n], 0, outBias.length);
        }
        HostMath.addProducts(state.hiddens[config.layers() - 1], outWeight, logits, from, to); // logits = h · W + b
    }

    /**
     * Runs part(0 .. parts-1), part 0 on this thread, and returns when all are done. The common fork-join
     * pool rather than a pool of our own: its workers look for work a little before they sleep, and
     * a step is short enough that waking a sleeping thread ate most of the gain (measured: 2 threads
     * took a batch-16 step of config A from 450 to 360 us with it, and not at all with a cached pool).
     */
    private static void inParallel(int parts, IntConsumer part) {
        List<Future<?>> others = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int index = p;
            others.add(ForkJoinPool.commonPool().submit(() -> part.accept(index)));
        }
        part.accept(0);
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while generating", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
