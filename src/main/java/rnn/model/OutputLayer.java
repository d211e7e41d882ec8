package rnn.model;

import rnn.config.Weight;

/**
 * The output layer, defined once for training, validation, eval and sampling: dense, softmax and
 * cross-entropy over the V symbols of the vocabulary.
 * <pre>
 *   logits  = h · W + b                             h [rows, H], W [H, V], b [V]  -> [rows, V]
 *   loss    = Σ_rows log Σ_v e^(logit_v - max) + max - logit_target
 *   dlogits = scale · (softmax(logits) - onehot(target))      the gradient of scale · loss
 *   dW = hᵀ · dlogits        db = Σ_rows dlogits        dh = dlogits · Wᵀ
 * </pre>
 * With a large vocabulary this layer is most of a training step (Chinese, V = 5,403, H = 256: its three
 * products are twice the work of both recurrent layers) and its [rows, V] logits most of the memory. So
 * training runs the rows in blocks of a fixed size: a block's product, bias, softmax, loss, dlogits,
 * db and its two gradient products, then the next block; only one block of logits ever exists. Each row's
 * softmax is one pass over it for the max, one for the exponentials and their sum ({@link Kernels#expSum},
 * in SIMD lanes) and, when training, one for the gradient. With the Vector API the products run in the
 * packed kernel against W and Wᵀ packed once per pass, else in the BLAS. The loss of a row is {@link SoftmaxCrossEntropy}'s,
 * which sampling and eval call on the logits of one step.
 */
final class OutputLayer {
    private static final Kernels KERNELS = Kernels.ACTIVE;
    /** Floats of logits per block: 8 MB, measured against 0.5-4 MB blocks and the whole (docs/measurements.md, "Chinese and other large alphabets"). */
    static final int BLOCK_FLOATS = 1 << 21;

    private final int hidden, vocab, block;
    private final float[] weights;              // the model's weights on the heap (for b)
    private final Parameters.View weight, bias; // W [H, V], b [V]
    private final float[] logits;               // [block, V] one block's logits; backward turns them into dlogits
    private final NativeArray logitsNative;     // [block, V] the same, for the BLAS; null on the packed route
    private final PackedMatrix[] packed;        // {W [H, V], Wᵀ [V, H]} packed by the Network each pass; null: BLAS
    private final float[] hBlock, hTransposed;  // [block, H] and [H, block]: a block of h on the heap (packed route; hᵀ training)
    private final float[] dhBlock;              // [block, H] (packed route, training)
    private final PackedMatrix[] dlogits;       // {[block, V], [positions % block, V]} dlogits packed for dW (packed route, training)

    /** The layer for passes over {@code positions} rows, in blocks of {@link #blockRows} rows. */
    OutputLayer(Parameters parameters, int positions, PackedMatrix[] packed, boolean training) {
        this(parameters, positions, blockRows(parameters.config().vocabSize(), positions), packed, training);
    }

    /**
     * ... in blocks of {@code block} rows (tests take blocks that do not divide the rows). With {@code packed}
     * the three products run in {@link Kernels#multiply} (with SIMD it is 1.4x the BLAS on h·W and 1.8x on
     * the shape of dW, about equal on dh: docs/measurements.md, "Chinese and other large alphabets"); without, in the BLAS.
     */
    OutputLayer(Parameters parameters, int positions, int block, PackedMatrix[] packed, boolean training) {
        this.hidden = parameters.config().hidden();
        this.vocab = parameters.config().vocabSize();
        this.block = Math.max(1, Math.min(block, positions));
        this.weights = parameters.values();
        this.weight = parameters.view(Weight.Role.OUTPUT);
        this.bias = parameters.view(Weight.Role.OUTPUT_BIAS);
        this.packed = packed;
        this.logits = new float[this.block * vocab];
        this.logitsNative = packed == null ? new NativeArray((long) this.block * vocab) : null;
        this.hBlock = packed == null ? null : new float[this.block * hidden];
        boolean backward = packed != null && training;
        this.hTransposed = backward ? new float[this.block * hidden] : null;
        this.dhBlock = backward ? new float[this.block * hidden] : null;
        int rest = positions % this.block;
        this.dlogits = !backward ? null : new PackedMatrix[] {new PackedMatrix(KERNELS, this.block, vocab),
                rest == 0 ? null : new PackedMatrix(KERNELS, rest, vocab)};
    }

    /**
     * Rows per block: as many as fill {@link #BLOCK_FLOATS}, at least 32 (fewer rows make the products
     * inefficient), at most all of them (a small vocabulary runs in one block).
     */
    static int blockRows(int vocab, int positions) {
        return Math.max(1, Math.min(positions, Math.max(32, BLOCK_FLOATS / vocab)));
    }

    /**
     * Forward over h [positions, H] (native, from hOffset), scored against targets[row]; returns the
     * summed cross-entropy in nats. With {@code dh} (training) it also back-propagates d(scale · loss):
     * writes dh [positions, H] and dW (overwritten, through nativeGradients into gradients) and adds db
     * into gradients.
     */
    double run(NativeArray h, long hOffset, int positions, int[] targets, NativeArray nativeWeights, float scale,
               NativeArray dh, NativeArray nativeGradients, float[] gradients) {
        boolean training = dh != null;
        double loss = 0;
        for (int from = 0; from < positions; from += block) {
            int rows = Math.min(block, positions - from);
            long hAt = hOffset + (long) from * hidden;
            if (packed != null) {
                h.download(hAt, hBlock, 0, rows * hidden);
                long start = Profile.start();
                KERNELS.multiply(hBlock, 0, rows, packed[0], logits, 0, false);                         // h · W
                Profile.stop(Profile.Part.SEQUENCE_PRODUCTS, start);
            } else {
                Blas.gemm(false, false, rows, vocab, hidden, h, hAt, nativeWeights, weight.offset(), 0f, logitsNative, 0);
                logitsNative.download(0, logits, 0, rows * vocab);
            }
            for (int r = 0; r < rows; r++) {
                int at = r * vocab;
                KERNELS.add(logits, at, weights, bias.offset(), logits, at, vocab);                     // logits = h · W + b
                loss += training
                        ? SoftmaxCrossEntropy.withGradient(logits, at, vocab, targets[from + r], scale, gradients, bias.offset()) // and db
                        : SoftmaxCrossEntropy.loss(logits, at, vocab, targets[from + r]);
            }
            if (training && packed != null) {
                for (int r = 0; r < rows; r++) {                                                   // hᵀ [H, rows]
                    for (int k = 0; k < hidden; k++) {
                        hTransposed[k * rows + r] = hBlock[r * hidden + k];
                    }
                }
                long start = Profile.start();
                PackedMatrix d = (rows == block ? dlogits[0] : dlogits[1]).pack(logits, 0, false);  // dlogits [rows, V]
                KERNELS.multiply(hTransposed, 0, hidden, d, gradients, weight.offset(), from > 0);       // dW += hᵀ · dlogits
                KERNELS.multiply(logits, 0, rows, packed[1], dhBlock, 0, false);                         // dh = dlogits · Wᵀ
                Profile.stop(Profile.Part.SEQUENCE_PRODUCTS, start);
                dh.upload(dhBlock, 0, (long) from * hidden, rows * hidden);
            } else if (training) {
                logitsNative.upload(logits, 0, 0, rows * vocab);                                   // dlogits [rows, V]
                Blas.gemm(true, false, hidden, vocab, rows, h, hAt, logitsNative, 0, from == 0 ? 0f : 1f,
                        nativeGradients, weight.offset());                                          // dW += hᵀ · dlogits
                Blas.gemm(false, true, rows, hidden, vocab, logitsNative, 0, nativeWeights, weight.offset(), 0f,
                        dh, (long) from * hidden);                                                  // dh = dlogits · Wᵀ
            }
        }
        if (training && packed == null) {
            nativeGradients.download(weight.offset(), gradients, weight.offset(), weight.length());
        }
        return loss;
    }
}
