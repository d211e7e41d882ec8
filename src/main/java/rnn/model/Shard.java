package rnn.model;

import rnn.config.ModelConfig;

import java.util.Arrays;

/**
 * One worker's streams of a batch, rows [rowFrom, rowFrom + rows) of N, and every buffer to run them
 * through the whole network:
 * <pre>
 *   ids [T*rows] -> embedding rows [T*rows, E] -> L recurrent layers -> [T*rows, H]
 *                -> logits = h · W + b [T*rows, V] -> cross-entropy against the targets
 * </pre>
 * Workers share the weights and nothing else; each writes its own gradients, which {@link Network} adds
 * up. Rows are time-major: row t*rows + r is stream rowFrom + r at step t.
 */
final class Shard {
    private static final Kernels K = Kernels.ACTIVE;

    final int rowFrom, rows;
    private final int seqLen, embed, hidden, vocab;
    private final Parameters parameters;
    private final Parameters.View table, outWeight, outBias;
    final float[] gradients;                  // this worker's d loss / d weight (Parameters layout); null if inference
    private final NativeArray nativeGradients; // products write weight gradients here first
    private final float[] embedded;           // [T*rows, E] the embedding rows, and in backward their gradient
    private final NativeArray embeddedNative; // [T*rows, E]
    private final RecurrentLayer[] layers;
    private final float[] logits;             // [T*rows, V]; backward turns them into dlogits in place
    private final NativeArray logitsNative;   // [T*rows, V]
    private final NativeArray dTop;           // [T*rows, H] gradient of the top layer's output
    private int[] lastInputs;
    private int lastBatch;

    /**
     * @param gradients where this worker's gradients go (null: forward only)
     * @param recurrent per layer, Wh and Whᵀ packed for the per-step products; null to run them in the BLAS
     */
    Shard(Parameters parameters, int seqLen, int rowFrom, int rows, float[] gradients, boolean dropout,
          PackedMatrix[][] recurrent) {
        ModelConfig config = parameters.config();
        this.parameters = parameters;
        this.seqLen = seqLen;
        this.rowFrom = rowFrom;
        this.rows = rows;
        this.embed = config.embed();
        this.hidden = config.hidden();
        this.vocab = config.vocabSize();
        this.table = parameters.view("embedding.table");
        this.outWeight = parameters.view("output.weight");
        this.outBias = parameters.view("output.bias");
        this.gradients = gradients;
        this.nativeGradients = gradients == null ? null : new NativeArray(gradients.length);
        int steps = seqLen * rows;
        this.embedded = new float[steps * embed];
        this.embeddedNative = new NativeArray((long) steps * embed);
        this.layers = new RecurrentLayer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new RecurrentLayer(parameters, l, seqLen, rows, gradients, dropout, recurrent == null ? null : recurrent[l]);
        }
        this.logits = new float[steps * vocab];
        this.logitsNative = new NativeArray((long) steps * vocab);
        this.dTop = gradients == null ? null : new NativeArray((long) steps * hidden);
    }

    /**
     * Forward over this worker's rows of a batch of N = {@code batch} streams; returns the summed
     * cross-entropy of its T*rows predictions, in nats. With {@code gradientScale} > 0 (training) it
     * also leaves d(loss)/d(logits) · gradientScale for {@link #backward}.
     */
    double forward(int[] inputs, int[] targets, int batch, RecurrentState state, NativeArray nativeWeights,
                   double dropout, long maskSeed, float gradientScale) {
        float[] weights = parameters.values();
        for (int t = 0; t < seqLen; t++) {          // embedding: out[r] = table[id[r]]
            for (int r = 0; r < rows; r++) {
                int id = inputs[t * batch + rowFrom + r];
                System.arraycopy(weights, table.offset() + id * embed, embedded, (t * rows + r) * embed, embed);
            }
        }
        embeddedNative.upload(embedded, 0, 0, embedded.length);
        NativeArray x = embeddedNative;
        long xOffset = 0;
        for (RecurrentLayer layer : layers) {
            layer.forward(x, xOffset, nativeWeights, state, rowFrom, batch, dropout, maskSeed);
            x = layer.output();
            xOffset = layer.outputOffset();
        }
        int steps = seqLen * rows;
        Blas.gemm(false, false, steps, vocab, hidden, x, xOffset, nativeWeights, outWeight.offset(), 0f, logitsNative, 0);
        logitsNative.download(0, logits, 0, logits.length);
        double loss = 0;
        for (int row = 0; row < steps; row++) {
            int at = row * vocab;
            K.add(logits, at, weights, outBias.offset(), logits, at, vocab);       // logits = h · W + b
            int target = targets[(row / rows) * batch + rowFrom + row % rows];
            loss += crossEntropy(logits, at, vocab, target, gradientScale);
        }
        lastInputs = inputs;
        lastBatch = batch;
        return loss;
    }

    /**
     * -log softmax(logits)[target] = log Σ_v e^(logit_v - max) + max - logit_target, in double. With
     * scale > 0, overwrites the row with scale · (softmax - onehot(target)): the gradient of the loss.
     */
    static double crossEntropy(float[] logits, int at, int vocab, int target, float scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = at; v < at + vocab; v++) {
            max = Math.max(max, logits[v]);
        }
        double sum = 0;
        for (int v = at; v < at + vocab; v++) {
            sum += Math.exp(logits[v] - max);
        }
        double nats = Math.log(sum) + max - logits[at + target];
        if (scale > 0) {
            for (int v = at; v < at + vocab; v++) {
                logits[v] = (float) (Math.exp(logits[v] - max) / sum * scale);
            }
            logits[at + target] -= scale;
        }
        return nats;
    }

    /** Back-propagates the last forward into {@link #gradients} (overwriting them). */
    void backward(NativeArray nativeWeights) {
        Arrays.fill(gradients, 0f);
        int steps = seqLen * rows;
        RecurrentLayer top = layers[layers.length - 1];
        logitsNative.upload(logits, 0, 0, logits.length);                    // dlogits [T*rows, V]
        Blas.gemm(true, false, hidden, vocab, steps, top.output(), top.outputOffset(), logitsNative, 0, 0f,
                nativeGradients, outWeight.offset());                          // dW = hᵀ · dlogits
        nativeGradients.download(outWeight.offset(), gradients, outWeight.offset(), outWeight.length());
        for (int row = 0; row < steps; row++) {                               // db = Σ_rows dlogits
            K.add(gradients, outBias.offset(), logits, row * vocab, gradients, outBias.offset(), vocab);
        }
        NativeArray dOut = dTop;
        Blas.gemm(false, true, steps, hidden, vocab, logitsNative, 0, nativeWeights, outWeight.offset(), 0f, dOut, 0); // dh = dlogits · Wᵀ
        for (int l = layers.length - 1; l >= 0; l--) {
            NativeArray below = l == 0 ? embeddedNative : layers[l - 1].output();
            long belowOffset = l == 0 ? 0 : layers[l - 1].outputOffset();
            dOut = layers[l].backward(dOut, below, belowOffset, nativeWeights, nativeGradients);
        }
        dOut.download(0, embedded, 0, embedded.length);                      // d embedding rows [T*rows, E]
        for (int t = 0; t < seqLen; t++) {                                    // dtable[id] += d row
            for (int r = 0; r < rows; r++) {
                int id = lastInputs[t * lastBatch + rowFrom + r];
                K.add(gradients, table.offset() + id * embed, embedded, (t * rows + r) * embed,
                        gradients, table.offset() + id * embed, embed);
            }
        }
    }
}
