package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import rnn.config.ModelConfig;
import rnn.model.Dropouts;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The reference model, per-op on ND4J (in double precision in the tests): the engine before the fused
 * one, kept as llm.c keeps its reference C. The fused engine ({@link rnn.model.Network}) must compute
 * what this computes; this must match finite differences ({@link GradientCheckTest}) and PyTorch.
 *
 * <p>The model: embedding (whole characters dropped while training) -> L recurrent layers (dropout after
 * each while training) -> dense -> logits.
 * <pre>
 *   ids [T*N] -> x [T*N, E] -> h1 [T*N, H] -> ... -> hL [T*N, H] -> logits [T*N, V]
 * </pre>
 * Rows are time-major: row t*N + n is stream n at time t. One forward, then {@link #loss} and
 * {@link #backward}, make one training step's gradients.
 */
public final class ReferenceModel {
    private final ModelConfig config;
    private final Parameters parameters;
    private final Embedding embedding;
    private final RecurrentLayer[] layers;
    private final Dropout[] layerDropouts;
    private final Dropout characterDropout = new Dropout();
    private Dropouts lastDropouts = Dropouts.NONE; // what the last forward applied
    private final Dense output;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private INDArray lastLogits; // [T*N, V] of the last forward

    private ReferenceModel(ModelConfig config, DataType dataType) {
        this.config = config;
        this.parameters = new Parameters(dataType);
        this.embedding = new Embedding(parameters, config.vocabSize(), config.embed());
        this.layers = new RecurrentLayer[config.layers()];
        this.layerDropouts = new Dropout[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            int in = l == 0 ? config.embed() : config.hidden();
            String name = "layer" + l;
            layers[l] = switch (config.cell()) {
                case LSTM -> new Lstm(name, parameters, in, config.hidden());
                case GRU -> new Gru(name, parameters, in, config.hidden());
                case RNN -> new TanhRnn(name, parameters, in, config.hidden());
            };
            layerDropouts[l] = new Dropout();
        }
        this.output = new Dense(parameters, config.hidden(), config.vocabSize());
    }

    /** A freshly initialised model; the same seed gives the same weights. */
    public static ReferenceModel initialized(ModelConfig config, DataType dataType, long seed) {
        ReferenceModel model = new ReferenceModel(config, dataType);
        Random random = new Random(seed);
        model.embedding.initialize(random);
        for (RecurrentLayer layer : model.layers) {
            layer.initialize(random);
        }
        model.output.initialize(random);
        return model;
    }

    /** A model with all-zero weights, to be filled from a checkpoint. */
    public static ReferenceModel empty(ModelConfig config, DataType dataType) {
        return new ReferenceModel(config, dataType);
    }

    public ModelConfig config() {
        return config;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** A zero state for {@code batch} streams. */
    public RecurrentState newState(int batch) {
        List<RecurrentState.Layer> states = new ArrayList<>();
        DataType dataType = parameters.dataType();
        for (RecurrentLayer layer : layers) {
            INDArray hidden = Nd4j.zeros(dataType, batch, config.hidden());                 // [N, H]
            INDArray cell = layer.hasCellState() ? Nd4j.zeros(dataType, batch, config.hidden()) : null; // [N, H]
            states.add(new RecurrentState.Layer(hidden, cell));
        }
        return new RecurrentState(states, batch);
    }


    /** Inference: logits [seqLen * N, V] for ids [seqLen * N] (time-major), carrying the state. */
    public INDArray forward(int[] ids, int seqLen, RecurrentState state) {
        return forward(ids, seqLen, state, Dropouts.NONE, 0L);
    }

    /** {@link #forward(int[], int, RecurrentState, Dropouts, long)} with dropout after each layer only. */
    public INDArray forward(int[] ids, int seqLen, RecurrentState state, double dropout, long maskSeed) {
        return forward(ids, seqLen, state, Dropouts.layerOutputs(dropout), maskSeed);
    }

    /**
     * Training forward: like inference, but with the given dropouts (weight drop aside: the caller drops
     * the weights), masks drawn from {@code maskSeed}: whole characters on the embedding rows, and after
     * every recurrent layer a fresh and a locked mask. The returned logits are a buffer of the model's,
     * valid until the next forward of the same shape.
     */
    public INDArray forward(int[] ids, int seqLen, RecurrentState state, Dropouts dropouts, long maskSeed) {
        int batch = state.batch();
        if (ids.length != seqLen * batch) {
            throw new IllegalArgumentException("ids must hold seqLen * batch symbols");
        }
        lastDropouts = dropouts;
        INDArray x = embedding.forward(ids);
        if (dropouts.characters() > 0) {
            x = characterDropout.forward(x, Dropout.characterMask(ids, config.embed(), dropouts.characters(),
                    rnn.model.Dropout.characterSeed(maskSeed)));
        }
        for (int l = 0; l < layers.length; l++) {
            x = layers[l].forward(x, seqLen, state.layer(l));
            if (outputsDropped()) {
                x = layerDropouts[l].forward(x, Dropout.layerMask(ids.length, config.hidden(), batch, dropouts.dropout(),
                        rnn.model.Dropout.layerSeed(maskSeed, l), dropouts.locked(), rnn.model.Dropout.lockedSeed(maskSeed, l)));
            }
        }
        lastLogits = output.forward(x);
        return lastLogits;
    }

    private boolean outputsDropped() {
        return lastDropouts.dropout() > 0 || lastDropouts.locked() > 0;
    }

    /** Mean cross-entropy (nats per symbol) of the last forward's logits against targets [seqLen * N]. */
    public double loss(int[] targets) {
        if (lastLogits == null) {
            throw new IllegalStateException("loss before forward");
        }
        return crossEntropy.forward(lastLogits, targets);
    }

    /** Back-propagates the last loss: sets every parameter's gradient. */
    public void backward() {
        INDArray d = output.backward(crossEntropy.backward());
        for (int l = layers.length - 1; l >= 0; l--) {
            if (outputsDropped()) {
                d = layerDropouts[l].backward(d);
            }
            d = layers[l].backward(d);
        }
        if (lastDropouts.characters() > 0) {
            d = characterDropout.backward(d);
        }
        embedding.backward(d);
    }
}
