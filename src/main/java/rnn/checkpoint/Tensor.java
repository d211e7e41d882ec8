package rnn.checkpoint;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** A named array as stored in a checkpoint: float32, row-major. Independent of ND4J on disk. */
public record Tensor(long[] shape, float[] data) {
    public Tensor {
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        if (length != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
        }
    }

    public static Tensor of(INDArray array) {
        INDArray contiguous = array.dup('c').castTo(DataType.FLOAT);
        float[] values = contiguous.data().asFloat();
        return new Tensor(array.shape(), Arrays.copyOf(values, (int) array.length()));
    }

    /** Copies the values into an existing array of the same shape (any data type). */
    void copyInto(INDArray target, String name) {
        if (!Arrays.equals(target.shape(), shape)) {
            throw new CheckpointException("tensor " + name + " has shape " + Arrays.toString(shape)
                    + " but the model needs " + Arrays.toString(target.shape()));
        }
        target.assign(Nd4j.create(data, shape, 'c').castTo(target.dataType()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
