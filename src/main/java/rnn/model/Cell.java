package rnn.model;

import rnn.config.ModelConfig;
import rnn.config.Weight;

import java.util.function.Function;

/**
 * A recurrent cell: how one time step turns its gates' pre-activations into the next hidden state, and
 * how the gradient flows back through it. Every cell gets all of its gates from one product per step,
 * <pre>
 *   pre[t] = (x[t] · Wx + b) + h[t-1] · Wh        [rows, G*H], the G gates side by side in each row
 * </pre>
 * run elsewhere (the BLAS while training, Java while sampling). A cell is the element-wise step in
 * between, written in {@link Kernels}' passes, with its forward and backward side by side; training,
 * sampling and eval run this same code.
 */
abstract class Cell {
    static final Kernels KERNELS = Kernels.ACTIVE;

    final int hidden; // H
    final int gates;  // G
    final int width;  // G*H: one row of gates

    Cell(int hidden, int gates) {
        this.hidden = hidden;
        this.gates = gates;
        this.width = gates * hidden;
    }

    /** Where a weight is: values[offset ..] in row-major order. */
    record Located(float[] values, int offset) {
    }

    /** The cell of a model's layer, reading its own weights (GRU's bhn) from the parameters. */
    static Cell of(Parameters parameters, int layer) {
        return of(parameters.config(), role -> new Located(parameters.values(), parameters.view(role, layer).offset()));
    }

    /**
     * A cell of the model's type, which finds the weights of its own ({@link rnn.config.CellType#extraWeights})
     * through {@code ownWeights}: the layer's tensor of that role.
     */
    static Cell of(ModelConfig config, Function<Weight.Role, Located> ownWeights) {
        int hidden = config.hidden();
        return switch (config.cell()) {
            case LSTM -> new LstmCell(hidden);
            case GRU -> new GruCell(hidden, ownWeights.apply(Weight.Role.CANDIDATE_BIAS));
            case RNN -> new TanhCell(hidden);
        };
    }

    /** Whether the cell carries a cell state c besides h (LSTM). */
    boolean hasCellState() {
        return false;
    }

    /** Whether backward reads the step's hw (GRU: hn); else training keeps one hw for all steps. */
    boolean backwardReadsHw() {
        return false;
    }

    /** Whether backward reads the step's aux (LSTM: tanh(c)); else aux is scratch, one for all steps. */
    boolean backwardReadsAux() {
        return false;
    }

    /** Whether h[t] depends on h[t-1] other than through h[t-1]·Wh (GRU), so backward fills dhPrev and a dHw of its own. */
    boolean addsToPreviousHidden() {
        return false;
    }

    /** One step forward for rows [from, to): from s.gates (x·Wx + b) and s.hw (h[t-1]·Wh), s.h (and s.c). */
    abstract void forward(TimeStepArrays s, int from, int to);

    /** One step backward for rows [0, rows): from d.dh (and d.dc), d.dGates and d.dHw (and d.dhPrev, d.dc for step t-1). */
    abstract void backward(TimeStepArrays s, StepGradients d, int rows);
}
