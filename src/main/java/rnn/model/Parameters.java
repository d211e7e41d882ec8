package rnn.model;

import rnn.UserInputException;
import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.config.Weight;

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
 * The tensors, their names and shapes are those of {@link Weight#of}, in its order.
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
     * on the cell remembers, Jozefowicz et al. 2015; on tinyshakespeare 0 learned faster, docs/measurements.md, "Learning").
     * Drawn in double from java.util.Random, whose sequence is fixed by its specification.
     */
    public static Parameters initialized(ModelConfig config, long seed, double forgetBias) {
        Parameters p = new Parameters(config);
        Random random = new Random(seed);
        double bound = 1.0 / Math.sqrt(config.hidden());
        for (Weight weight : Weight.of(config)) { // drawn in the stored order, which fixes what a seed gives
            View view = p.view(weight.name());
            if (weight.role() == Weight.Role.EMBEDDING) {
                p.fillNormal(view, 1.0, random);
            } else {
                p.fillUniform(view, bound, random);
            }
            if (weight.role() == Weight.Role.BIAS && config.cell() == CellType.LSTM) { // gates i, f, g, o
                for (int j = LstmCell.FORGET * config.hidden(); j < (LstmCell.FORGET + 1) * config.hidden(); j++) {
                    p.values[view.offset() + j] += (float) forgetBias;
                }
            }
        }
        return p;
    }

    private static Map<String, View> layout(ModelConfig config) {
        Map<String, View> views = new LinkedHashMap<>();
        long offset = 0;
        for (Weight weight : Weight.of(config)) {
            views.put(weight.name(), new View(weight.name(), (int) Math.min(offset, Integer.MAX_VALUE), weight.shape()));
            offset += weight.size();
        }
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

    /** A layer's tensor of this role (see {@link Weight}). */
    View view(Weight.Role role, int layer) {
        return view(Weight.name(role, layer));
    }

    /** The embedding's or the output layer's tensor of this role. */
    View view(Weight.Role role) {
        return view(Weight.name(role, -1));
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

    private void fillUniform(View view, double bound, Random random) {
        for (int i = view.offset(); i < view.offset() + view.length(); i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
    }

    private void fillNormal(View view, double std, Random random) {
        for (int i = view.offset(); i < view.offset() + view.length(); i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
    }
}
