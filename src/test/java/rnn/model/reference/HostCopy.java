package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between ND4J arrays and Java arrays without allocating ND4J (off-heap) memory, so that the
 * few steps done in Java (embedding gradient, dropout masks) leave no native garbage behind each step.
 */
final class HostCopy {
    private HostCopy() {
    }

    /** The values of a whole, row-major array (not a view), in order. */
    static double[] values(INDArray array) {
        requireWhole(array);
        return array.data().asDouble();
    }

    /** Overwrites a whole, row-major array (not a view) with the values, in order. */
    static void set(INDArray array, double[] values) {
        requireWhole(array);
        if (values.length != array.length()) {
            throw new IllegalArgumentException("expected " + array.length() + " values, got " + values.length);
        }
        if (array.dataType() == DataType.DOUBLE) {
            array.data().setData(values);
        } else {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            array.data().setData(floats);
        }
    }

    private static void requireWhole(INDArray array) {
        if (array.isView() || array.ordering() != 'c' || array.data().length() != array.length()) {
            throw new IllegalArgumentException("needs a whole row-major array, not a view");
        }
    }
}
