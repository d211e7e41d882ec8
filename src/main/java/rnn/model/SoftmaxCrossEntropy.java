package rnn.model;

/**
 * The loss, defined once: softmax and cross-entropy of one row of logits over the V symbols, with its
 * gradient when training. The output layer calls it on every row of a block; eval scores with it and the
 * sampler draws from its exponentials, one step's logits at a time.
 * <pre>
 *   loss    = -log softmax(logits)[target] = log Σ_v e^(logit_v - max) + max - logit_target
 *   dlogits = scale · (softmax(logits) - onehot(target))      the gradient of scale · loss
 * </pre>
 * Each row is one pass for the max, one for the exponentials and their sum ({@link Kernels#expSum}, in
 * SIMD lanes) and, when training, one for the gradient.
 */
final class SoftmaxCrossEntropy {
    private static final Kernels KERNELS = Kernels.ACTIVE;

    private SoftmaxCrossEntropy() {
    }

    /**
     * logits[at .. at + n), part of a row whose largest logit is max, becomes e^(logit - max): the
     * softmax's unnormalised weights (0 for a masked symbol, logit -inf); returns their sum. What sampling
     * draws from.
     */
    static float exponentiate(float[] logits, int at, int n, float max) {
        return KERNELS.expSum(logits, at, max, n, true);
    }

    /** The largest logit of logits[at .. at + n). */
    static float max(float[] logits, int at, int n) {
        return KERNELS.max(logits, at, n);
    }

    /** -log softmax(logits)[target] for the row logits[at .. at + vocab), which it leaves as it was. */
    static double loss(float[] logits, int at, int vocab, int target) {
        return withGradient(logits, at, vocab, target, 0f, null, 0);
    }

    /**
     * -log softmax(logits)[target] = log Σ_v e^(logit_v - max) + max - logit_target for one row of logits
     * at {@code at}. With scale > 0 the row becomes scale · (softmax - onehot(target)), the gradient of
     * scale · loss, which is also added into dBias[dBiasAt ..].
     */
    static double withGradient(float[] logits, int at, int vocab, int target, float scale, float[] dBias, int dBiasAt) {
        boolean gradient = scale > 0;
        float max = KERNELS.max(logits, at, vocab);
        float targetLogit = logits[at + target];
        float sum = KERNELS.expSum(logits, at, max, vocab, gradient);                 // Σ e^(logit - max); the terms kept when training
        if (gradient) {
            KERNELS.scaleAndAccumulate(logits, at, scale / sum, dBias, dBiasAt, vocab); // scale · softmax, and db += it
            logits[at + target] -= scale;
            dBias[dBiasAt + target] -= scale;
        }
        return Math.log(sum) + max - targetLogit;
    }
}
