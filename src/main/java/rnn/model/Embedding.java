package rnn.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Symbol ids to vectors: out[r] = table[ids[r]].
 * Backward scatters the rows back: dtable[ids[r]] += dOut[r].
 */
final class Embedding {
    final Parameter table; // [V, E]
    private final Map<Integer, INDArray> outputByRows = new HashMap<>();
    private INDArray lastIds;

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
        lastIds = Nd4j.createFromArray(ids);
        return out;
    }

    /** Sets the table's gradient from dOut [M, E]; there is no gradient to pass further down. */
    void backward(INDArray dOut) {
        INDArray grad = table.grad();
        grad.assign(0);
        Nd4j.exec(DynamicCustomOp.builder("scatter_add")
                .addInputs(grad, lastIds, dOut)
                .addOutputs(grad)
                .build());
    }

    DataType dataType() {
        return table.value().dataType();
    }
}
