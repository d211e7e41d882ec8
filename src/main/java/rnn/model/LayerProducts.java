package rnn.model;

import java.util.Arrays;

/**
 * The products of one recurrent layer's time step, for rows [from, to) of row-major blocks, by one
 * {@link ProductRoute}:
 * <pre>
 *   forward    gates += x · Wx     x [rows, I] the layer below's h; skipped when x is null (training
 *                                  computes x·Wx for the whole sequence before the step loop)
 *              hw     = h[t-1] · Wh                                                   [rows, G*H]
 *   backward   dh[t-1] = dHw · Whᵀ                                                    [rows, H]
 * </pre>
 * {@link RecurrentStep} runs them around the cell. The three routes compute the same sums in different
 * orders, so they agree to float precision ({@code LayerProductsTest}).
 */
abstract class LayerProducts {
    private static final Kernels KERNELS = Kernels.ACTIVE;

    final int input, hidden, width; // I, H, G*H

    LayerProducts(int input, int hidden, int width) {
        this.input = input;
        this.hidden = hidden;
        this.width = width;
    }

    /**
     * gates += x · Wx (unless x is null) and hw = hPrev · Wh for rows [from, to); the plain route may split
     * the columns between up to {@code threads} threads, the others ignore it (their callers split rows).
     */
    abstract void forward(float[] x, float[] hPrev, float[] gates, float[] hw, int from, int to, int threads);

    /** dhPrev = dHw · Whᵀ for rows [0, rows). */
    abstract void backward(float[] dHw, float[] dhPrev, int rows);

    /**
     * Against weights packed for {@link Kernels#multiply}; the caller repacks them in place when the weights
     * change (training: at every pass). Shared by threads working on different rows.
     *
     * @param wx  Wx [I, G*H], or null if x·Wx is never asked for
     * @param wh  Wh [H, G*H]
     * @param whT Whᵀ [G*H, H], or null if the layer only runs forward
     */
    static LayerProducts packed(PackedMatrix wx, PackedMatrix wh, PackedMatrix whT) {
        return new LayerProducts(wx == null ? 0 : wx.k, wh.k, wh.n) {
            @Override
            void forward(float[] x, float[] hPrev, float[] gates, float[] hw, int from, int to, int threads) {
                if (x != null) {
                    KERNELS.multiply(x, from * input, to - from, wx, gates, from * width, true);
                }
                KERNELS.multiply(hPrev, from * hidden, to - from, wh, hw, from * width, false);
            }

            @Override
            void backward(float[] dHw, float[] dhPrev, int rows) {
                KERNELS.multiply(dHw, 0, rows, whT, dhPrev, 0, false);
            }
        };
    }

    /**
     * In the BLAS, against the weights' native copy (which the caller refreshes when they change), through
     * native blocks of its own for up to {@code rows} rows: one worker's.
     *
     * @param wxOffset where Wx [I, G*H] starts in the native weights; -1 if x·Wx is never asked for
     * @param whOffset where Wh [H, G*H] starts
     */
    static LayerProducts blas(NativeArray weights, long wxOffset, long whOffset, int input, int hidden, int width, int rows) {
        NativeArray in = new NativeArray((long) rows * Math.max(Math.max(input, hidden), width)); // x, h[t-1] or dHw
        NativeArray out = new NativeArray((long) rows * width);                                 // gates, hw or dh[t-1]
        return new LayerProducts(input, hidden, width) {
            @Override
            void forward(float[] x, float[] hPrev, float[] gates, float[] hw, int from, int to, int threads) {
                int rows = to - from;
                if (x != null) {
                    in.upload(x, from * input, 0, rows * input);
                    out.upload(gates, from * width, 0, rows * width);
                    Blas.gemm(Profile.Part.STEP_PRODUCTS, false, false, rows, width, input, in, 0, weights, wxOffset, 1f, out, 0);
                    out.download(0, gates, from * width, rows * width);
                }
                in.upload(hPrev, from * hidden, 0, rows * hidden);
                Blas.gemm(Profile.Part.STEP_PRODUCTS, false, false, rows, width, hidden, in, 0, weights, whOffset, 0f, out, 0);
                out.download(0, hw, from * width, rows * width);
            }

            @Override
            void backward(float[] dHw, float[] dhPrev, int rows) {
                in.upload(dHw, 0, 0, rows * width);
                Blas.gemm(Profile.Part.STEP_PRODUCTS, false, true, rows, hidden, width, in, 0, weights, whOffset, 0f, out, 0);
                out.download(0, dhPrev, 0, rows * hidden);
            }
        };
    }

    /**
     * One stream (rows [0, 1), the arrays one row long) in {@link PlainProducts}' loops on row arrays. Both
     * products of a layer are split by columns between the threads in one pass, when it is large enough
     * (one stream's step reads every weight once, and two cores read about twice as fast as one). Each
     * column is computed as on one thread, so the result does not depend on the split.
     *
     * @param wx Wx as rows [I][G*H], or null if x·Wx is never asked for
     * @param wh Wh as rows [H][G*H]
     */
    static LayerProducts plain(float[][] wx, float[][] wh) {
        int width = wh[0].length;
        return new LayerProducts(wx == null ? 0 : wx.length, wh.length, width) {
            @Override
            void forward(float[] x, float[] hPrev, float[] gates, float[] hw, int from, int to, int threads) {
                if (from != 0 || to != 1) {
                    throw new IllegalArgumentException("the plain route steps one stream");
                }
                Arrays.fill(hw, 0f);
                long work = (long) (x == null ? 1 : 2) * hidden * width;
                PlainProducts.inColumns(width, work, threads, (c0, c1) -> {
                    if (x != null) {
                        PlainProducts.addProduct(x, wx, gates, c0, c1);   // x·Wx
                    }
                    PlainProducts.addProduct(hPrev, wh, hw, c0, c1);      // h[t-1]·Wh
                });
            }

            @Override
            void backward(float[] dHw, float[] dhPrev, int rows) {
                throw new UnsupportedOperationException("the plain route does not train");
            }
        };
    }
}
