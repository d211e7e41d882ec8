package rnn.config;

import java.util.List;
import java.util.Locale;

/**
 * The recurrent cell of every layer. {@code gates} is how many H-wide projections a step computes;
 * {@code extraWeights} are the cell's weights beyond Wx, Wh and b (each [H]; see {@link Weight}).
 */
public enum CellType {
    LSTM(4), GRU(3, Weight.Role.CANDIDATE_BIAS), RNN(1);

    private final int gates;
    private final List<Weight.Role> extraWeights;

    CellType(int gates, Weight.Role... extraWeights) {
        this.gates = gates;
        this.extraWeights = List.of(extraWeights);
    }

    /** The cell's weights beyond Wx, Wh and b, per layer: GRU's bhn. */
    public List<Weight.Role> extraWeights() {
        return extraWeights;
    }

    /** Gates per step: the G of the [batch, G*H] gate block. */
    public int gates() {
        return gates;
    }

    /** The name used on the command line and in checkpoints: lstm, gru, rnn. */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return flagName();
    }
}
