package rnn.model;

/**
 * The random noise of one training step, each a rate in [0, 1), 0 turning it off; validation and
 * generation use none.
 *
 * @param dropout     after each recurrent layer, a fresh mask at every time step
 * @param locked      after each recurrent layer, one mask per stream for the whole chunk (variational,
 *                    "locked" dropout: AWD-LSTM's dropouth); with dropout too, the two masks multiply
 * @param characters  whole characters: each symbol's embedding row is dropped for the whole step (AWD-LSTM's
 *                    embedding dropout, dropoute)
 * @param weightDrop  DropConnect on each layer's recurrent weights Wh (AWD-LSTM's weight drop)
 */
public record Dropouts(double dropout, double locked, double characters, double weightDrop) {
    public static final Dropouts NONE = new Dropouts(0, 0, 0, 0);

    public Dropouts {
        for (double rate : new double[] {dropout, locked, characters, weightDrop}) {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("a dropout rate must be in [0, 1), not " + rate);
            }
        }
    }

    /** Only dropout after each layer, fresh at every time step. */
    public static Dropouts layerOutputs(double dropout) {
        return new Dropouts(dropout, 0, 0, 0);
    }

    /** Whether a layer's output is masked: it then keeps its masks for backward. */
    boolean masksLayerOutputs() {
        return dropout > 0 || locked > 0;
    }
}
