package rnn.model;

import rnn.UserInputException;
import rnn.config.CellType;
import rnn.config.ModelConfig;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Every trainable weight of a model, in one flat float array, with a named view per tensor; and the
 * gradients, in a second array of the same layout. One flat array makes Adam, clipping, the sum of the
 * workers' gradients and the copy to native memory for the BLAS one pass each. Weights are not state:
 * what a run carries from step to step is a {@link RecurrentState}.
 *
 * <p>Names and shapes (G gates of H units; recurrent weights with the gates side by side, so that
 * column k*H + j belongs to unit j of gate k):
 * <pre>
 *   embedding.table  [V, E]
 *   layerL.wx        [I, G*H]   I = E for layer 0, else H
 *   layerL.wh        [H, G*H]
 *   layerL.b         [G*H]
 *   layerL.bhn       [H]        GRU only: the bias inside r ⊙ (h·Wh_n + bhn)
 *   output.weight    [H, V]
 *   output.bias      [V]
 * </pre>
 */
public final class Parameters {
    /** One named tensor: values[offset .. offset + length) in row-major order. */
    public record View(String name, int offset, long[] shape, int length) {
        View(String name, int offset, long[] shape) {
            this(name, offset, shape, (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        }

        /** Rows of a matrix view (its first dimension). */
        int rows() {
            return (int) shape[0];
        }
    }

    private final ModelConfig config;
    private final Map<String, View> views;
    private final float[] values;     // every weight
    private final float[] gradients;  // d loss / d weight, same layout

    private Parameters(ModelConfig config) {
        this.config = config;
        this.views = Collections.unmodifiableMap(layout(config));
        long size = config.parameterCount();
        if (size > Integer.MAX_VALUE - 16) {
            throw new UserInputException("a model of " + size + " weights is too large (at most " + Integer.MAX_VALUE
                    + "); lower --hidden, --layers or --embed");
        }
        this.values = new float[(int) size];
        this.gradients = new float[(int) size];
    }

    /** All-zero weights of this architecture. */
    public static Parameters zeros(ModelConfig config) {
        return new Parameters(config);
    }

    /**
     * Fresh weights as PyTorch initialises them; the same seed gives the same weights. See
     * {@link #initialized(ModelConfig, long, double)}.
     */
    public static Parameters initialized(ModelConfig config, long seed) {
        return initialized(config, seed, 0);
    }

    /**
     * Fresh weights; the same seed gives the same weights. As PyTorch initialises: recurrent weights
     * and biases uniform in ±1/sqrt(H), the output layer uniform in ±1/sqrt(H), the embedding N(0, 1).
     * An LSTM's forget-gate bias starts forgetBias higher (char-rnn and Keras start it at 1 so that early
     * on the cell remembers, Jozefowicz et al. 2015; on tinyshakespeare 0 learned faster, README).
     * Drawn in double from java.util.Random, whose sequence is fixed by its specification.
     */
    public static Parameters initialized(ModelConfig config, long seed, double forgetBias) {
        Parameters p = new Parameters(config);
        Random random = new Random(seed);
        p.fillNormal("embedding.table", 1.0, random);
        double bound = 1.0 / Math.sqrt(config.hidden());
        for (int l = 0; l < config.layers(); l++) {
            p.fillUniform("layer" + l + ".wx", bound, random);
            p.fillUniform("layer" + l + ".wh", bound, random);
            p.fillUniform("layer" + l + ".b", bound, random);
            if (config.cell() == CellType.GRU) {
                p.fillUniform("layer" + l + ".bhn", bound, random);
            }
            if (config.cell() == CellType.LSTM) {
                View b = p.view("layer" + l + ".b"); // gates i, f, g, o
                for (int j = LstmCell.FORGET * config.hidden(); j < (LstmCell.FORGET + 1) * config.hidden(); j++) {
                    p.values[b.offset() + j] += (float) forgetBias;
                }
            }
        }
        p.fillUniform("output.weight", bound, random);
        p.fillUniform("output.bias", bound, random);
        return p;
    }

    /** The tensors of an architecture by name, with their shapes, in the order they are stored. */
    public static Map<String, long[]> shapes(ModelConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        layout(config).forEach((name, view) -> shapes.put(name, view.shape()));
        return shapes;
    }

    private static Map<String, View> layout(ModelConfig config) {
        long v = config.vocabSize(), e = config.embed(), h = config.hidden(), width = (long) config.cell().gates() * h;
        Map<String, View> views = new LinkedHashMap<>();
        long[] offset = {0};
        java.util.function.BiConsumer<String, long[]> add = (name, shape) -> {
            View view = new View(name, (int) Math.min(offset[0], Integer.MAX_VALUE), shape);
            views.put(name, view);
            offset[0] += Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        };
        add.accept("embedding.table", new long[] {v, e});
        for (int l = 0; l < config.layers(); l++) {
            add.accept("layer" + l + ".wx", new long[] {l == 0 ? e : h, width});
            add.accept("layer" + l + ".wh", new long[] {h, width});
            add.accept("layer" + l + ".b", new long[] {width});
            if (config.cell() == CellType.GRU) {
                add.accept("layer" + l + ".bhn", new long[] {h});
            }
        }
        add.accept("output.weight", new long[] {h, v});
        add.accept("output.bias", new long[] {v});
        return views;
    }

    public ModelConfig config() {
        return config;
    }

    public Collection<View> views() {
        return views.values();
    }

    public View view(String name) {
        View view = views.get(name);
        if (view == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return view;
    }

    /** Every weight, in the layout of {@link #views()}; written in place by the optimizer. */
    public float[] values() {
        return values;
    }

    /** The gradient of every weight from the last backward pass, same layout. */
    public float[] gradients() {
        return gradients;
    }

    /** A copy of one tensor's values, row-major. */
    public float[] copyOf(String name) {
        View view = view(name);
        return Arrays.copyOfRange(values, view.offset(), view.offset() + view.length());
    }

    /** Overwrites one tensor's values. */
    public void set(String name, float[] data) {
        View view = view(name);
        if (data.length != view.length()) {
            throw new IllegalArgumentException("parameter " + name + " needs " + view.length() + " values, got " + data.length);
        }
        System.arraycopy(data, 0, values, view.offset(), data.length);
    }

    private void fillUniform(String name, double bound, Random random) {
        View view = view(name);
        for (int i = view.offset(); i < view.offset() + view.length(); i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
    }

    private void fillNormal(String name, double std, Random random) {
        View view = view(name);
        for (int i = view.offset(); i < view.offset() + view.length(); i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
    }
}
