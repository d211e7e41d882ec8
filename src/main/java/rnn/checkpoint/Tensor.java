package rnn.checkpoint;

import java.util.Arrays;

/** A named array as stored in a checkpoint: float32, row-major. */
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

    /** A tensor of values[offset .. offset + product(shape)), copied. */
    public static Tensor copyOf(long[] shape, float[] values, int offset) {
        int length = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return new Tensor(shape.clone(), Arrays.copyOfRange(values, offset, offset + length));
    }

    /** Copies the values into target[offset ..], if this tensor has the expected shape. */
    public void copyInto(float[] target, int offset, long[] expectedShape, String name) {
        if (!Arrays.equals(expectedShape, shape)) {
            throw new CheckpointException("tensor " + name + " has shape " + Arrays.toString(shape)
                    + " but the model needs " + Arrays.toString(expectedShape));
        }
        System.arraycopy(data, 0, target, offset, data.length);
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
