package rnn.config;

import java.util.Locale;

/** The recurrent cell of every layer. {@code gates} is how many H-wide projections a step computes. */
public enum CellType {
    LSTM(4), GRU(3), RNN(1);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
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
