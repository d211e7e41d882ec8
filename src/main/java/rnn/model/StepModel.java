package rnn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * A snapshot of a {@link CharRnn}'s weights on the Java heap, run one character at a time: what
 * sampling does. At batch 1 each ND4J op costs 10-25 us of dispatch whatever its size, which made
 * sampling several times slower than PyTorch; here a step is a few matrix-vector products and one
 * pass of element-wise math per layer, in plain Java (README, "Measured"). The numbers are the
 * model's own: {@code StepModelTest} holds the logits to {@link CharRnn#forward}'s.
 *
 * <p>The first layer's input half is a table: x · Wx + b depends only on the symbol, so it is
 * computed once per symbol when the snapshot is taken.
 */
public final class StepModel {
    private final RecurrentLayer[] layers;
    private final RecurrentLayer.HostWeights[] weights;
    private final float[][] firstInput;  // [V][G*H]: embedding[v] · Wx + b of layer 0
    private final float[][] outWeight;   // [H][V]
    private final float[] outBias;       // [V]
    private final int hidden;
    private final int gateWidth;         // G*H

    StepModel(Embedding embedding, RecurrentLayer[] layers, Dense output) {
        this.layers = layers.clone();
        this.weights = new RecurrentLayer.HostWeights[layers.length];
        for (int l = 0; l < layers.length; l++) {
            weights[l] = layers[l].hostWeights();
        }
        this.hidden = layers[0].hidden;
        this.gateWidth = layers[0].gates * hidden;
        float[][] table = embedding.table.value().toFloatMatrix(); // [V][E]
        firstInput = new float[table.length][];
        for (int v = 0; v < table.length; v++) {
            firstInput[v] = weights[0].b().clone();
        }
        HostMath.addProducts(table, weights[0].wx(), firstInput, 0, table.length);
        outWeight = output.weight.value().toFloatMatrix();
        outBias = output.bias.value().toFloatVector();
    }

    /** The vocabulary size: the width of a row of logits. */
    public int vocabSize() {
        return outBias.length;
    }

    /** What one run carries from character to character: h (and c) per layer and stream. */
    public final class State {
        final float[][][] hiddens;         // [L][N][H]
        final float[][][] cells;       // [L][N][H], rows null for cells without one
        private final float[][] xParts; // [N][G*H]: x · Wx + b of the layer being stepped
        private final float[][] hParts; // [N][G*H]: h[t-1] · Wh

        private State(int batch) {
            hiddens = new float[layers.length][batch][hidden];
            cells = new float[layers.length][][];
            for (int l = 0; l < layers.length; l++) {
                cells[l] = layers[l].hasCellState() ? new float[batch][hidden] : new float[batch][];
            }
            xParts = new float[batch][gateWidth];
            hParts = new float[batch][gateWidth];
        }

        public int batch() {
            return hiddens[0].length;
        }
    }

    /** A zero state for {@code batch} streams. */
    public State newState(int batch) {
        return new State(batch);
    }

    /** A copy of a state the ND4J path left (e.g. after reading a long prime in one pass). */
    public State copyOf(RecurrentState source) {
        State state = new State(source.batch());
        for (int l = 0; l < layers.length; l++) {
            RecurrentState.Layer layer = source.layer(l);
            state.hiddens[l] = layer.hidden().toFloatMatrix();
            if (layer.cell() != null) {
                state.cells[l] = layer.cell().toFloatMatrix();
            }
        }
        return state;
    }

    /**
     * Feeds symbol ids[n] to stream n and writes that stream's next-symbol logits into logits[n] [V];
     * the state moves one character on. Several streams are split between the engine's threads, each
     * stepping its own streams through every layer. (Splitting one stream's units between threads was
     * measured too: at batch 1 a step streams all the weights from memory, and two cores did not stream
     * them faster than one.)
     */
    public void step(int[] ids, State state, float[][] logits) {
        int batch = ids.length, parts = Math.min(batch, Engine.threads());
        if (parts <= 1) {
            stepStreams(ids, state, logits, 0, batch);
        } else {
            inParallel(parts, p -> stepStreams(ids, state, logits, p * batch / parts, (p + 1) * batch / parts));
        }
    }

    /** Streams [from, to) through every layer, so each weight matrix is read once for all of them. */
    private void stepStreams(int[] ids, State state, float[][] logits, int from, int to) {
        for (int l = 0; l < layers.length; l++) {
            RecurrentLayer.HostWeights w = weights[l];
            for (int n = from; n < to; n++) {
                float[] inputPart = l == 0 ? firstInput[ids[n]] : w.b();
                System.arraycopy(inputPart, 0, state.xParts[n], 0, gateWidth);
                Arrays.fill(state.hParts[n], 0f);
            }
            if (l > 0) {
                HostMath.addProducts(state.hiddens[l - 1], w.wx(), state.xParts, from, to); // x · Wx + b
            }
            HostMath.addProducts(state.hiddens[l], w.wh(), state.hParts, from, to);         // h[t-1] · Wh
            for (int n = from; n < to; n++) {
                layers[l].hostStep(state.xParts[n], state.hParts[n], w.extra(), state.hiddens[l][n], state.cells[l][n]);
            }
        }
        for (int n = from; n < to; n++) {
            System.arraycopy(outBias, 0, logits[n], 0, outBias.length);
        }
        HostMath.addProducts(state.hiddens[layers.length - 1], outWeight, logits, from, to); // logits = h · W + b
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
