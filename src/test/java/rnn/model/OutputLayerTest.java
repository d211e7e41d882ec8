package rnn.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rnn.config.CellType;
import rnn.config.ModelConfig;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The output layer (dense, softmax, cross-entropy, and their gradients), run in blocks of rows, against
 * the same math in double precision written out plainly: the loss, every logit, dW, db and dh, at a small
 * vocabulary and at a Chinese-sized one, with blocks that do and do not divide the rows, its products in
 * the packed kernel and in the BLAS.
 */
class OutputLayerTest {
    @ParameterizedTest(name = "V = {0}, {1} rows in blocks of {2}, packed kernel {3}")
    @CsvSource({"65, 37, 10, false", "65, 40, 40, false", "5003, 45, 16, false", "5003, 45, 0, false",
            "65, 37, 10, true", "65, 40, 40, true", "5003, 45, 16, true", "5003, 45, 0, true"})
    void lossLogitsAndEveryGradientMatchTheDoublePrecisionReference(int vocab, int positions, int block, boolean packedRoute) {
        ModelConfig config = new ModelConfig(CellType.LSTM, 1, 24, 8, vocab);
        Parameters parameters = Parameters.initialized(config, 7);
        Random random = new Random(vocab + positions);
        Parameters.View weight = parameters.view("output.weight"), bias = parameters.view("output.bias");
        float[] values = parameters.values();
        for (int i = 0; i < bias.length(); i++) {                     // a bias that matters
            values[bias.offset() + i] = (float) random.nextGaussian();
        }
        int hidden = config.hidden();
        float[] h = new float[positions * hidden];                     // [rows, H]
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) (2 * random.nextDouble() - 1);
        }
        int[] targets = random.ints(positions, 0, vocab).toArray();
        float scale = 1f / positions;

        // The reference, in double: logits, loss, dlogits, then the three gradients.
        double[][] logits = new double[positions][vocab];
        double loss = 0;
        double[] dW = new double[hidden * vocab], db = new double[vocab], dh = new double[positions * hidden];
        for (int r = 0; r < positions; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vocab; v++) {
                double z = values[bias.offset() + v];
                for (int k = 0; k < hidden; k++) {
                    z += (double) h[r * hidden + k] * values[weight.offset() + k * vocab + v];
                }
                logits[r][v] = z;
                max = Math.max(max, z);
            }
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                sum += Math.exp(logits[r][v] - max);
            }
            loss += Math.log(sum) + max - logits[r][targets[r]];
            for (int v = 0; v < vocab; v++) {
                double d = scale * (Math.exp(logits[r][v] - max) / sum - (v == targets[r] ? 1 : 0));
                db[v] += d;
                for (int k = 0; k < hidden; k++) {
                    dW[k * vocab + v] += h[r * hidden + k] * d;
                    dh[r * hidden + k] += d * values[weight.offset() + k * vocab + v];
                }
            }
        }

        // The layer, forward only (validation) and forward with backward (training).
        NativeArray nativeWeights = new NativeArray(values.length), nativeH = new NativeArray((long) positions * hidden);
        nativeWeights.upload(values, 0, 0, values.length);
        nativeH.upload(h, 0, 0, h.length);
        PackedMatrix[] packed = !packedRoute ? null : new PackedMatrix[] {
                new PackedMatrix(Kernels.ACTIVE, hidden, vocab).pack(values, weight.offset(), false),
                new PackedMatrix(Kernels.ACTIVE, vocab, hidden).pack(values, weight.offset(), true)};
        OutputLayer layer = block == 0 ? new OutputLayer(parameters, positions, packed, true)
                : new OutputLayer(parameters, positions, block, packed, true);
        double forwardOnly = layer.run(nativeH, 0, positions, targets, nativeWeights, 0f, null, null, null);
        assertEquals(loss, forwardOnly, 1e-5 * loss, "loss, forward only");

        float[] gradients = parameters.gradients();
        java.util.Arrays.fill(gradients, 0f);
        NativeArray nativeGradients = new NativeArray(gradients.length), nativeDh = new NativeArray((long) positions * hidden);
        double trained = layer.run(nativeH, 0, positions, targets, nativeWeights, scale, nativeDh, nativeGradients, gradients);
        assertEquals(loss, trained, 1e-5 * loss, "loss, training");
        float[] dhOut = new float[positions * hidden];
        nativeDh.download(0, dhOut, 0, dhOut.length);
        close("dW", dW, gradients, weight.offset());
        close("db", db, gradients, bias.offset());
        close("dh", dh, dhOut, 0);
        for (int i = 0; i < gradients.length; i++) {                  // nothing else written
            if (i < weight.offset() || i >= bias.offset() + bias.length()) {
                assertEquals(0f, gradients[i], "gradient " + i + " is not the output layer's");
            }
        }

        // Each row's logits as sampling computes them (h · W + b on the heap), scored by the same row function.
        float[] row = new float[vocab];
        for (int r = 0; r < positions; r += 7) {
            for (int v = 0; v < vocab; v++) {
                row[v] = (float) logits[r][v];
            }
            double max = java.util.Arrays.stream(logits[r]).max().orElseThrow(), sum = 0;
            for (double z : logits[r]) {
                sum += Math.exp(z - max);
            }
            assertEquals(Math.log(sum) + max - logits[r][targets[r]], SoftmaxCrossEntropy.loss(row, 0, vocab, targets[r]), 2e-6 * Math.log(vocab));
        }
    }

    /** The gradient of the loss is what a finite difference of the layer's own loss says, for one logit and one weight. */
    @ParameterizedTest(name = "V = {0}")
    @CsvSource({"65", "5003"})
    void theRowGradientIsTheDerivativeOfTheRowLoss(int vocab) {
        Random random = new Random(vocab);
        float[] logits = new float[vocab];
        for (int v = 0; v < vocab; v++) {
            logits[v] = (float) (3 * random.nextGaussian());
        }
        int target = random.nextInt(vocab);
        float[] gradient = logits.clone(), dBias = new float[vocab];
        double loss = SoftmaxCrossEntropy.withGradient(gradient, 0, vocab, target, 1f, dBias, 0);
        assertEquals(SoftmaxCrossEntropy.loss(logits, 0, vocab, target), loss, 0.0, "the same loss with and without the gradient");
        for (int v : new int[] {target, (target + 1) % vocab, random.nextInt(vocab)}) {
            float h = 1e-2f;
            float[] up = logits.clone(), down = logits.clone();
            up[v] += h;
            down[v] -= h;
            double numeric = (SoftmaxCrossEntropy.loss(up, 0, vocab, target) - SoftmaxCrossEntropy.loss(down, 0, vocab, target)) / (up[v] - down[v]);
            assertEquals(numeric, gradient[v], 2e-4, "d loss / d logit " + v);
            assertEquals(gradient[v], dBias[v], 0.0, "db is the sum of the rows' dlogits");
        }
        double sum = 0;
        for (float g : gradient) {
            sum += g;
        }
        assertEquals(0, sum, 1e-5, "softmax - onehot sums to 0");
    }

    private static void close(String what, double[] expected, float[] actual, int offset) {
        double largest = 0;
        for (double e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        assertTrue(largest > 0, what + " is not all zero");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[offset + i], 2e-5 * largest + 1e-7, what + "[" + i + "]");
        }
    }
}
