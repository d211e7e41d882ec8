package rnn.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An off-heap float array, allocated by ND4J, for the BLAS to read and write in place. Matrices in it
 * are row-major blocks at an offset. The element-wise work happens on the Java heap, so values move in
 * and out in whole blocks ({@link #upload}, {@link #download}: one memcpy each).
 */
final class NativeArray {
    private static final java.util.concurrent.atomic.AtomicLong ALLOCATED = new java.util.concurrent.atomic.AtomicLong();
    private final INDArray array;    // owns the memory; kept referenced for as long as this lives
    private final long address;      // of element 0
    final long length;

    NativeArray(long length) {
        this.length = Math.max(1, length);
        this.array = Nd4j.create(DataType.FLOAT, this.length);
        ALLOCATED.addAndGet(4 * this.length);
        this.address = array.data().addressPointer().address();
    }

    /** Bytes of every native array made so far (ND4J's allocations are not in JavaCPP's count): for the memory test. */
    static long allocatedBytes() {
        return ALLOCATED.get();
    }

    /** A pointer to element {@code offset}, for the BLAS; checks that {@code count} elements fit from there. */
    FloatPointer at(long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException("elements [" + offset + ", " + (offset + count) + ") of a native array of " + length);
        }
        return new Span(address, length).position(offset);
    }

    /**
     * A plain pointer into the array. JavaCPP's copy constructor, new FloatPointer(ndArrayPointer), attaches
     * a phantom-reference deallocator to every copy, and thousands of copies a step made garbage fast (docs/measurements.md).
     */
    private static final class Span extends FloatPointer {
        Span(long address, long capacity) {
            this.address = address;
            this.capacity = capacity;
            this.limit = capacity;
        }
    }

    /** this[offset .. offset + n) = source[from .. from + n) */
    void upload(float[] source, int from, long offset, int n) {
        long start = Profile.start();
        at(offset, n).put(source, from, n);
        Profile.stop(Profile.Part.COPIES, start);
    }

    /** target[to .. to + n) = this[offset .. offset + n) */
    void download(long offset, float[] target, int to, int n) {
        long start = Profile.start();
        at(offset, n).get(target, to, n);
        Profile.stop(Profile.Part.COPIES, start);
    }
}
