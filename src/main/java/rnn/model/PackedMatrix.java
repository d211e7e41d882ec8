package rnn.model;

/**
 * A right-hand matrix B [k, n] laid out for {@link Kernels#multiply}: column panels as wide as the
 * product's register tile, each panel's k rows one after another. A weight matrix is packed once
 * (sampling) or once per training step (a step multiplies by it at every one of its time steps), not
 * once per product as a BLAS call does; at a recurrent step's small shapes that repacking cost as much
 * as the arithmetic (docs/measurements.md).
 */
final class PackedMatrix {
    final int k; // rows of B: the shared dimension
    final int n; // columns of B
    final int panelWidth;
    final float[] panels;
    private final Kernels kernels;

    /** Room for B [k, n], for the given implementation's panel width; fill it with {@link #pack}. */
    PackedMatrix(Kernels kernels, int k, int n) {
        int w = kernels.panelWidth();
        this.kernels = kernels;
        this.k = k;
        this.n = n;
        this.panelWidth = w;
        this.panels = new float[(n + w - 1) / w * w * k];
    }

    /** The floats a packed [k, n] takes with the given implementation (panels padded to its width). */
    static long floats(Kernels kernels, long k, long n) {
        int w = kernels.panelWidth();
        return (n + w - 1) / w * w * k;
    }

    /** B = src[offset ..] as [k, n] row-major, or, when transposed, as the transpose of [n, k]. */
    PackedMatrix pack(float[] src, int offset, boolean transposed) {
        kernels.pack(src, offset, k, n, transposed, panels);
        return this;
    }
}
