package rnn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The model run one character at a time for N streams on the Java heap: what sampling and eval do.
 * Per layer and step, the same two products as training's step loop and the same {@link Cell} step.
 * It needs no ND4J, so {@code rnn sample} and {@code rnn eval} start without loading it.
 * <pre>
 *   gates = (l == 0 ? table[id] : x · Wx + b)     [N, G*H]   layer 0's input half is a table: it depends
 *   hw    = h[t-1] · Wh                           [N, G*H]   only on the symbol, so it is computed once
 *   cell step -> h (and c)                        [N, H]
 *   logits = h · W + b                            [N, V]
 * </pre>
 * The products take one of two routes, by how many streams there are (README, "Measured"): up to three,
 * {@link HostMath}'s plain loops, which HotSpot vectorises and which are fast from the first character;
 * from four, with the Vector API present, {@link Kernels#multiply} on the rows gathered into one block,
 * against weights packed once, which is 2-3x faster once compiled. Either way each stream's numbers
 * do not depend on how the streams are split between threads.
 */
public final class StepModel {
    private static final Kernels K = Kernels.ACTIVE;
    private static final int BLOCK_ROWS = 4; // streams from which the packed product pays

    /** A weight matrix [rows, columns] in both routes' layouts. */
    private record Matrix(float[][] rows, PackedMatrix packed) {
        static Matrix of(float[] values, int rows) {
            int columns = values.length / rows;
            float[][] byRow = new float[rows][];
            for (int r = 0; r < rows; r++) {
                byRow[r] = Arrays.copyOfRange(values, r * columns, (r + 1) * columns);
            }
            return new Matrix(byRow, K.vectorized() ? new PackedMatrix(K, rows, columns).pack(values, 0, false) : null);
        }

        int columns() {
            return rows[0].length;
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

    /**
     * A step model from every parameter by name, row-major in the shapes of {@link Parameters#shapes}
     * (read, not kept: the model holds its own layouts).
     *
     * @throws IllegalArgumentException naming the parameter, if one is missing or of the wrong size
     */
    public static StepModel of(ModelConfig config, Function<String, float[]> values) {
        Map<String, float[]> checked = new HashMap<>();
        Parameters.shapes(config).forEach((name, shape) -> {
            float[] value = values.apply(name);
            long length = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            if (value == null || value.length != length) {
                throw new IllegalArgumentException("parameter " + name + " needs " + length + " values, got "
                        + (value == null ? "none" : value.length));
            }
            checked.put(name, value);
        });
        return new StepModel(config, checked);
    }

    private StepModel(ModelConfig config, Map<String, float[]> values) {
        this.config = config;
        int layers = config.layers(), vocab = config.vocabSize();
        this.hidden = config.hidden();
        this.width = config.cell().gates * hidden;
        cells = new Cell[layers];
        input = new Matrix[layers];
        recurrent = new Matrix[layers];
        bias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            cells[l] = Cell.of(config, values.get("layer" + l + ".bhn"), 0);
            input[l] = l == 0 ? null : Matrix.of(values.get("layer" + l + ".wx"), hidden);
            recurrent[l] = Matrix.of(values.get("layer" + l + ".wh"), hidden);
            bias[l] = values.get("layer" + l + ".b").clone();
        }
        float[][] table = Matrix.of(values.get("embedding.table"), vocab).rows(); // [V][E]
        firstInput = new float[vocab][];
        for (int v = 0; v < vocab; v++) {
            firstInput[v] = bias[0].clone();
        }
        HostMath.addProducts(table, Matrix.of(values.get("layer0.wx"), config.embed()).rows(), firstInput, 0, vocab);
        output = Matrix.of(values.get("output.weight"), hidden);
        outBias = values.get("output.bias").clone();
    }

    public ModelConfig config() {
        return config;
    }

    /** What one run carries from character to character: per layer and stream, the cell's arrays (h, c). */
    public final class State {
        final StepArrays[][] streams;  // [L][N], each one stream (rows = 1); h is hPrev, c is cPrev: updated in place
        final float[][][] hiddens;     // [L][N] the streams' h, as the products read them
        final float[][][] gates;       // [L][N] the streams' gates, as the products write them
        final float[][][] hws;         // [L][N]
        final float[][] logitRows;     // [N][V]
        final float[] xBlock;          // [N, H]: rows gathered for the packed product; null: the plain loops
        final float[] yBlock;          // [N, max(G*H, V)]

        private State(int batch) {
            int layers = config.layers();
            streams = new StepArrays[layers][batch];
            hiddens = new float[layers][batch][];
            gates = new float[layers][batch][];
            hws = new float[layers][batch][];
            for (int l = 0; l < layers; l++) {
                for (int n = 0; n < batch; n++) {
                    float[] h = new float[hidden], c = cells[l].hasCellState() ? new float[hidden] : null;
                    StepArrays s = new StepArrays(new float[width], new float[width], h, h, c, c,
                            cells[l].gates > 1 ? new float[hidden] : null);
                    streams[l][n] = s;
                    hiddens[l][n] = s.h;
                    gates[l][n] = s.gates;
                    hws[l][n] = s.hw;
                }
            }
            logitRows = new float[batch][config.vocabSize()];
            boolean blocks = batch >= BLOCK_ROWS && K.vectorized();
            xBlock = blocks ? new float[batch * hidden] : null;
            yBlock = blocks ? new float[batch * Math.max(width, config.vocabSize())] : null;
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
                StepArrays from = source.streams[l][0], to = state.streams[l][n];
                System.arraycopy(from.h, 0, to.h, 0, hidden);
                if (from.c != null) {
                    System.arraycopy(from.c, 0, to.c, 0, hidden);
                }
            }
        }
        return state;
    }

    /**
     * Feeds symbol ids[n] to stream n and writes that stream's next-symbol logits into
     * logits[n*V .. (n+1)*V); the state moves one character on. Several streams are split between
     * {@code threads} threads, each stepping its own streams through every layer.
     */
    public void step(int[] ids, State state, float[] logits, int threads) {
        int batch = ids.length, parts = Math.min(batch, threads);
        if (parts <= 1) {
            stepStreams(ids, state, logits, 0, batch);
        } else {
            inParallel(parts, p -> stepStreams(ids, state, logits, p * batch / parts, (p + 1) * batch / parts));
        }
    }

    /** Streams [from, to) through every layer. */
    private void stepStreams(int[] ids, State state, float[] logits, int from, int to) {
        for (int l = 0; l < config.layers(); l++) {
            for (int n = from; n < to; n++) {
                System.arraycopy(l == 0 ? firstInput[ids[n]] : bias[l], 0, state.gates[l][n], 0, width);
            }
            if (l > 0) {
                product(state, state.hiddens[l - 1], input[l], state.gates[l], from, to, true);  // x·Wx + b
            }
            product(state, state.hiddens[l], recurrent[l], state.hws[l], from, to, false);      // h[t-1]·Wh
            for (int n = from; n < to; n++) {
                cells[l].forward(state.streams[l][n], 0, 1);
            }
        }
        int vocab = outBias.length;
        float[][] top = state.hiddens[config.layers() - 1];
        if (state.xBlock != null) {
            gather(top, from, to, state.xBlock);
            K.multiply(state.xBlock, from * hidden, to - from, output.packed(), logits, from * vocab, false);
        } else {
            for (int n = from; n < to; n++) {
                Arrays.fill(state.logitRows[n], 0f);
            }
            HostMath.addProducts(top, output.rows(), state.logitRows, from, to);
            for (int n = from; n < to; n++) {
                System.arraycopy(state.logitRows[n], 0, logits, n * vocab, vocab);
            }
        }
        for (int n = from; n < to; n++) {
            K.add(logits, n * vocab, outBias, 0, logits, n * vocab, vocab);                     // logits = h·W + b
        }
    }

    /** ys[n] (+)= xs[n] · W for the streams n in [from, to), by the state's route. */
    private void product(State state, float[][] xs, Matrix w, float[][] ys, int from, int to, boolean accumulate) {
        int columns = w.columns();
        if (state.xBlock != null) {
            int k = w.rows().length;
            gather(xs, from, to, state.xBlock);
            K.multiply(state.xBlock, from * k, to - from, w.packed(), state.yBlock, from * columns, false);
            for (int n = from; n < to; n++) {
                if (accumulate) {
                    K.add(ys[n], 0, state.yBlock, n * columns, ys[n], 0, columns);
                } else {
                    System.arraycopy(state.yBlock, n * columns, ys[n], 0, columns);
                }
            }
        } else {
            if (!accumulate) {
                for (int n = from; n < to; n++) {
                    Arrays.fill(ys[n], 0f);
                }
            }
            HostMath.addProducts(xs, w.rows(), ys, from, to);
        }
    }

    /** block[n*k ..] = rows[n] for n in [from, to), k the rows' length. */
    private static void gather(float[][] rows, int from, int to, float[] block) {
        for (int n = from; n < to; n++) {
            System.arraycopy(rows[n], 0, block, n * rows[n].length, rows[n].length);
        }
    }

    /**
     * Runs part(0 .. parts-1), part 0 on this thread, and returns when all are done. The common fork-join
     * pool rather than a pool of our own: its workers look for work a little before they sleep, and
     * a step is short enough that waking a sleeping thread ate most of the gain (README, "Measured").
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
