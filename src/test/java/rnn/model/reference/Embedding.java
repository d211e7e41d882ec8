package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Symbol ids to vectors: out[r] = table[ids[r]].
 * Backward adds the rows back: dtable[ids[r]] += dOut[r].
 */
final class Embedding {
    final Parameter table; // [V, E]
    private final Map<Integer, INDArray> outputByRows = new HashMap<>();
    private int[] lastIds;

    Embedding(Parameters parameters, int vocabSize, int embed) {
        this.table = parameters.add("embedding.table", vocabSize, embed);
    }

    /** N(0, 1), as PyTorch's nn.Embedding and torch-rnn's LookupTable. */
    void initialize(Random random) {
        Parameters.normal(table.value(), 1.0, random);
    }

    /** ids [M] -> [M, E] (this layer's buffer, reused for the next forward of M rows). */
    INDArray forward(int[] ids) {
        INDArray out = outputByRows.computeIfAbsent(ids.length,
                rows -> Nd4j.zeros(table.value().dataType(), rows, table.value().size(1)));
        Nd4j.pullRows(table.value(), out, 1, ids);
        lastIds = ids;
        return out;
    }

    /**
     * Sets the table's gradient from dOut [M, E]; there is no gradient to pass further down.
     * Summed here in a fixed order: libnd4j's scatter_add adds rows in a varying order, which made
     * two identical training runs differ in the last bits.
     */
    void backward(INDArray dOut) {
        int embed = (int) table.value().size(1);
        double[] rows = HostCopy.values(dOut);                              // [M * E]
        double[] grad = new double[(int) table.value().length()];           // [V * E]
        for (int r = 0; r < lastIds.length; r++) {
            int from = r * embed, to = lastIds[r] * embed;
            for (int e = 0; e < embed; e++) {
                grad[to + e] += rows[from + e];
            }
        }
        HostCopy.set(table.grad(), grad);
    }

    DataType dataType() {
        return table.value().dataType();
    }
}
