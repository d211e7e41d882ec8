package rnn.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tensor of a model's weights: what it is for, which layer holds it, its shape. {@link #of(ModelConfig)}
 * is the one description of a model's weights, in the order they are stored; the flat layout, the parameter
 * count, the initialisation, the checkpoint's tensor names and the export all come from it.
 * <pre>
 *   embedding.table  [V, E]
 *   layerL.wx        [I, G*H]   I = E for layer 0, else H
 *   layerL.wh        [H, G*H]
 *   layerL.b         [G*H]
 *   layerL.bhn       [H]        GRU only: the bias inside r ⊙ (h·Wh_n + bhn)
 *   output.weight    [H, V]
 *   output.bias      [V]
 * </pre>
 * The G gates of H units sit side by side in a row, so that column k*H + j belongs to unit j of gate k.
 *
 * @param role  what the tensor is for
 * @param layer the recurrent layer holding it (0-based); -1 for the embedding and the output layer
 * @param shape its dimensions, row-major
 */
public record Weight(Role role, int layer, long[] shape) {
    /** What a tensor is for, and the part of its name that says so. */
    public enum Role {
        EMBEDDING("embedding.table"),
        /** x · Wx, the input's part of every gate. */
        INPUT("wx"),
        /** h[t-1] · Wh, the previous hidden state's part of every gate. */
        RECURRENT("wh"),
        /** b, added to every gate. */
        BIAS("b"),
        /** A cell's weight of its own, beyond the three every cell has: GRU's bhn. */
        CANDIDATE_BIAS("bhn"),
        OUTPUT("output.weight"),
        OUTPUT_BIAS("output.bias");

        private final String key;

        Role(String key) {
            this.key = key;
        }

        /** Whether each recurrent layer has one of these. */
        public boolean perLayer() {
            return this != EMBEDDING && this != OUTPUT && this != OUTPUT_BIAS;
        }
    }

    /** Every weight of an architecture, in the order they are stored. */
    public static List<Weight> of(ModelConfig config) {
        long vocab = config.vocabSize(), embed = config.embed(), hidden = config.hidden();
        long width = config.cell().gates() * hidden;
        List<Weight> weights = new ArrayList<>();
        weights.add(new Weight(Role.EMBEDDING, -1, new long[] {vocab, embed}));
        for (int l = 0; l < config.layers(); l++) {
            weights.add(new Weight(Role.INPUT, l, new long[] {l == 0 ? embed : hidden, width}));
            weights.add(new Weight(Role.RECURRENT, l, new long[] {hidden, width}));
            weights.add(new Weight(Role.BIAS, l, new long[] {width}));
            for (Role extra : config.cell().extraWeights()) {
                weights.add(new Weight(extra, l, new long[] {hidden}));
            }
        }
        weights.add(new Weight(Role.OUTPUT, -1, new long[] {hidden, vocab}));
        weights.add(new Weight(Role.OUTPUT_BIAS, -1, new long[] {vocab}));
        return List.copyOf(weights);
    }

    /** The name of a tensor, as checkpoints and the export store it: "layer1.wh", "output.bias". */
    public static String name(Role role, int layer) {
        return role.perLayer() ? "layer" + layer + "." + role.key : role.key;
    }

    public String name() {
        return name(role, layer);
    }

    /** Number of scalars. */
    public long size() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** Whether it is a matrix (what weight decay shrinks; not the biases). */
    public boolean isMatrix() {
        return shape.length == 2;
    }
}
