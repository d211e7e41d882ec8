package rnn.model;

import rnn.config.ModelConfig;
import rnn.config.Weight;

import java.util.Arrays;

/**
 * One worker's streams of a batch, rows [rowFrom, rowFrom + rows) of N, and every buffer to run them
 * through the whole network:
 * <pre>
 *   ids [T*rows] -> embedding rows [T*rows, E] -> L recurrent layers -> [T*rows, H]
 *                -> {@link OutputLayer}: logits, cross-entropy against the targets (and, training, its gradients)
 * </pre>
 * Workers share the weights and nothing else; each writes its own gradients, which {@link Network} adds
 * up. Rows are time-major: row t*rows + r is stream rowFrom + r at step t.
 */
final class Shard {
    private static final Kernels KERNELS = Kernels.ACTIVE;

    final int rowFrom, rows;
    private final int seqLen, embed, hidden;
    private final Parameters parameters;
    private final Parameters.View table;
    final float[] gradients;                  // this worker's d loss / d weight (Parameters layout); null if inference
    private final NativeArray nativeGradients; // products write weight gradients here first
    private final float[] embedded;           // [T*rows, E] the embedding rows, and in backward their gradient
    private final NativeArray embeddedNative; // [T*rows, E]
    private final RecurrentLayer[] layers;
    private final OutputLayer output;
    private final int[] rowTargets;           // [T*rows] this worker's targets, row by row
    private final NativeArray dTop;           // [T*rows, H] gradient of the top layer's output
    private int[] lastInputs;
    private int lastBatch;
    private double characterDrop;             // the last forward's embedding dropout rate, and its masks' seed
    private long characterSeed;

    /**
     * @param gradients where this worker's gradients go (null: forward only)
     * @param products  per layer, the per-step products for this worker's rows
     * @param output    the output layer's W and Wᵀ, packed; null to run its products in the BLAS
     * @param resets    whether streams may start records mid-chunk ({@link RecurrentLayer})
     */
    Shard(Parameters parameters, int seqLen, int rowFrom, int rows, float[] gradients, boolean dropout,
          LayerProducts[] products, PackedMatrix[] output, boolean resets) {
        ModelConfig config = parameters.config();
        this.parameters = parameters;
        this.seqLen = seqLen;
        this.rowFrom = rowFrom;
        this.rows = rows;
        this.embed = config.embed();
        this.hidden = config.hidden();
        this.table = parameters.view(Weight.Role.EMBEDDING);
        this.gradients = gradients;
        this.nativeGradients = gradients == null ? null : new NativeArray(gradients.length);
        int steps = seqLen * rows;
        this.embedded = new float[steps * embed];
        this.embeddedNative = new NativeArray((long) steps * embed);
        this.layers = new RecurrentLayer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new RecurrentLayer(parameters, l, seqLen, rows, gradients, dropout, products[l], resets);
        }
        this.output = new OutputLayer(parameters, steps, output, gradients != null);
        this.rowTargets = new int[steps];
        this.dTop = gradients == null ? null : new NativeArray((long) steps * hidden);
    }

    /**
     * Forward over this worker's rows of a batch of N = {@code batch} streams; returns the summed
     * cross-entropy of its T*rows predictions, in nats. With {@code gradientScale} > 0 (training) the
     * output layer also runs backward (block by block, as it goes), zeroing the gradients first, and
     * leaves the gradient of the top layer's output for {@link #backward}. {@code recordStarts} [T*N]
     * (null: none) marks the steps before which a stream's state is zero.
     */
    double forward(int[] inputs, int[] targets, int batch, RecurrentState state, NativeArray nativeWeights,
                   Dropouts dropouts, long maskSeed, float gradientScale, boolean[] recordStarts) {
        boolean training = gradientScale > 0;
        if (training) {
            Arrays.fill(gradients, 0f);
        }
        float[] weights = parameters.values();
        characterDrop = dropouts.characters();
        characterSeed = Dropout.characterSeed(maskSeed);
        for (int t = 0; t < seqLen; t++) {          // embedding: out[r] = table[id[r]] (· the character's mask)
            for (int r = 0; r < rows; r++) {
                int id = inputs[t * batch + rowFrom + r], row = (t * rows + r) * embed;
                System.arraycopy(weights, table.offset() + id * embed, embedded, row, embed);
                if (characterDrop > 0) {
                    KERNELS.scale(embedded, row, Dropout.mask(characterSeed, id, characterDrop), embed);
                }
                rowTargets[t * rows + r] = targets[t * batch + rowFrom + r];
            }
        }
        embeddedNative.upload(embedded, 0, 0, embedded.length);
        NativeArray x = embeddedNative;
        long xOffset = 0;
        for (RecurrentLayer layer : layers) {
            layer.forward(x, xOffset, nativeWeights, state, rowFrom, batch, dropouts, maskSeed, recordStarts);
            x = layer.output();
            xOffset = layer.outputOffset();
        }
        lastInputs = inputs;
        lastBatch = batch;
        return output.run(x, xOffset, seqLen * rows, rowTargets, nativeWeights, gradientScale,
                training ? dTop : null, nativeGradients, gradients);
    }

    /**
     * Back-propagates the last (training) forward from the top layer's output gradient down to the
     * embedding, into {@link #gradients} (the output layer's are there already).
     */
    void backward(NativeArray nativeWeights) {
        NativeArray dOut = dTop;
        for (int l = layers.length - 1; l >= 0; l--) {
            NativeArray below = l == 0 ? embeddedNative : layers[l - 1].output();
            long belowOffset = l == 0 ? 0 : layers[l - 1].outputOffset();
            dOut = layers[l].backward(dOut, below, belowOffset, nativeWeights, nativeGradients);
        }
        dOut.download(0, embedded, 0, embedded.length);                      // d embedding rows [T*rows, E]
        for (int t = 0; t < seqLen; t++) {                                    // dtable[id] += d row (· its mask)
            for (int r = 0; r < rows; r++) {
                int id = lastInputs[t * lastBatch + rowFrom + r];
                if (characterDrop > 0) {
                    KERNELS.scale(embedded, (t * rows + r) * embed, Dropout.mask(characterSeed, id, characterDrop), embed);
                }
                KERNELS.add(gradients, table.offset() + id * embed, embedded, (t * rows + r) * embed,
                        gradients, table.offset() + id * embed, embed);
            }
        }
    }
}
