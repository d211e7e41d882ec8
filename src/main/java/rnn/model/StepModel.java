package rnn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The model run one character at a time on the Java heap: what sampling and eval do. At batch 1 a
 * native call per product costs more than the product, so a step here is a few matrix-vector products
 * in plain Java ({@link HostMath}) and, per layer, the same {@link Cell} step that training runs. It
 * needs no ND4J, so {@code rnn sample} and {@code rnn eval} start without loading it.
 *
 * <p>The first layer's input half is a table: x·Wx + b depends only on the symbol, so it is computed
 * once per symbol.
 */
public final class StepModel {
    private final ModelConfig config;
    private final Cell[] cells;           // [L]
    private final int hidden;
    private final int width;              // G*H
    private final float[][] firstInput;   // [V][G*H]: embedding[v] · Wx + b of layer 0
    private final float[][][] wx;         // [L][I][G*H]; layer 0's is folded into firstInput
    private final float[][][] wh;         // [L][H][G*H]
    private final float[][] b;            // [L][G*H]
    private final float[][] outWeight;    // [H][V]
    private final float[] outBias;        // [V]

    /**
     * A step model from every parameter by name, row-major in the shapes of {@link Parameters#shapes}.
     *
     * @throws IllegalArgumentException naming the parameter, if one is missing or of the wrong size
     */
    public static StepModel of(ModelConfig config, Function<String, float[]> values) {
        Parameters parameters = Parameters.zeros(config);
        for (Parameters.View view : parameters.views()) {
            float[] value = values.apply(view.name());
            if (value == null) {
                throw new IllegalArgumentException("parameter " + view.name() + " is missing");
            }
            parameters.set(view.name(), value);
        }
        return new StepModel(parameters);
    }

    private StepModel(Parameters parameters) {
        this.config = parameters.config();
        int layers = config.layers(), vocab = config.vocabSize();
        this.hidden = config.hidden();
        this.width = config.cell().gates * hidden;
        this.cells = new Cell[layers];
        wx = new float[layers][][];
        wh = new float[layers][][];
        b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            cells[l] = Cell.of(parameters, l);
            wx[l] = rows(parameters, "layer" + l + ".wx");
            wh[l] = rows(parameters, "layer" + l + ".wh");
            b[l] = parameters.copyOf("layer" + l + ".b");
        }
        float[][] table = rows(parameters, "embedding.table"); // [V][E]
        firstInput = new float[vocab][];
        for (int v = 0; v < vocab; v++) {
            firstInput[v] = b[0].clone();
        }
        HostMath.addProducts(table, wx[0], firstInput, 0, vocab);
        outWeight = rows(parameters, "output.weight");
        outBias = parameters.copyOf("output.bias");
    }

    /** A matrix parameter [rows, width] as one Java array per row. */
    private static float[][] rows(Parameters parameters, String name) {
        Parameters.View view = parameters.view(name);
        int rows = view.rows(), width = view.length() / rows;
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(parameters.values(), view.offset() + r * width, view.offset() + (r + 1) * width);
        }
        return out;
    }

    public ModelConfig config() {
        return config;
    }

    /** What one run carries from character to character: per layer and stream, the cell's step arrays (h, c). */
    public final class State {
        final StepArrays[][] steps; // [L][N]: h is hPrev and c is cPrev: each step updates them in place
        final float[][][] hiddens;  // [L][N] the streams' h arrays, as the products read them
        final float[][][] gates;    // [L][N] the streams' gate arrays, as the products write them
        final float[][][] hws;      // [L][N]

        private State(int batch) {
            int layers = config.layers();
            steps = new StepArrays[layers][batch];
            hiddens = new float[layers][batch][];
            gates = new float[layers][batch][];
            hws = new float[layers][batch][];
            for (int l = 0; l < layers; l++) {
                for (int n = 0; n < batch; n++) {
                    float[] h = new float[hidden], c = cells[l].hasCellState() ? new float[hidden] : null;
                    StepArrays s = new StepArrays(new float[width], new float[width], h, h, c, c,
                            cells[l].gates > 1 ? new float[hidden] : null);
                    steps[l][n] = s;
                    hiddens[l][n] = s.h;
                    gates[l][n] = s.gates;
                    hws[l][n] = s.hw;
                }
            }
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
                StepArrays from = source.steps[l][0], to = state.steps[l][n];
                System.arraycopy(from.h, 0, to.h, 0, hidden);
                if (from.c != null) {
                    System.arraycopy(from.c, 0, to.c, 0, hidden);
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
                System.arraycopy(l == 0 ? firstInput[ids[n]] : b[l], 0, state.gates[l][n], 0, width);
                Arrays.fill(state.hws[l][n], 0f);
            }
            if (l > 0) {
                HostMath.addProducts(state.hiddens[l - 1], wx[l], state.gates[l], from, to); // x·Wx + b
            }
            HostMath.addProducts(state.hiddens[l], wh[l], state.hws[l], from, to);         // h[t-1]·Wh
            for (int n = from; n < to; n++) {
                cells[l].forward(state.steps[l][n], 1);
            }
        }
        for (int n = from; n < to; n++) {
            System.arraycopy(outBias, 0, logits[n], 0, outBias.length);
        }
        HostMath.addProducts(state.hiddens[config.layers() - 1], outWeight, logits, from, to); // logits = h·W + b
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
