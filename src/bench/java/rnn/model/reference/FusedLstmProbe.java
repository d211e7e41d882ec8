package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Whether libnd4j's fused LSTM ops would beat our layer: times lstmLayer (forward) and lstmLayer_bp
 * (which re-runs the forward, then back-propagates) against {@link Lstm#forward} and {@link Lstm#backward}
 * at one shape, after checking that they compute the same h and gradients. Run:
 * bench/probe fused-lstm I H T N threads (config B's second layer: 512 512 100 64 2).
 * Measured 2026-11-25 against the per-op layer, now the test reference (docs/measurements.md): lstm_bp took
 * 4.4 s where the per-op layer took 0.6 s, on both builds.
 */
public final class FusedLstmProbe {
    public static void main(String[] a) {
        int in = Integer.parseInt(a[0]), hidden = Integer.parseInt(a[1]), seqLen = Integer.parseInt(a[2]), batch = Integer.parseInt(a[3]);
        Nd4j.factory().blas().setMaxThreads(Integer.parseInt(a[4]));
        Nd4j.getEnvironment().setMaxThreads(1);
        Parameters params = new Parameters(DataType.FLOAT);
        Lstm lstm = new Lstm("l", params, in, hidden);
        lstm.initialize(new Random(1));
        INDArray x2 = Nd4j.rand(DataType.FLOAT, (long) seqLen * batch, in);
        RecurrentState.Layer st = new RecurrentState.Layer(Nd4j.zeros(DataType.FLOAT, batch, hidden), Nd4j.zeros(DataType.FLOAT, batch, hidden));
        INDArray dOut = Nd4j.rand(DataType.FLOAT, (long) seqLen * batch, hidden);
        double ours_f = time(() -> { st.hidden().assign(0); st.cell().assign(0); lstm.forward(x2, seqLen, st); });
        double ours_b = time(() -> lstm.backward(dOut));
        // fused: Wx [I,4H] gate blocks i,f,g,o
        INDArray wx = Nd4j.concat(1, lstm.wxGate).dup('c');
        INDArray wr = Nd4j.concat(1, lstm.whGate).dup('c');
        INDArray b = Nd4j.concat(0, lstm.bGate).dup('c');
        INDArray x3 = x2.reshape(seqLen, batch, in);
        INDArray h0 = Nd4j.zeros(DataType.FLOAT, batch, hidden), c0 = Nd4j.zeros(DataType.FLOAT, batch, hidden);
        INDArray h = Nd4j.zeros(DataType.FLOAT, seqLen, batch, hidden), hL = Nd4j.zeros(DataType.FLOAT, batch, hidden), cL = Nd4j.zeros(DataType.FLOAT, batch, hidden);
        DynamicCustomOp fwd = DynamicCustomOp.builder("lstmLayer").addInputs(x3, wx, wr, b, h0, c0).addOutputs(h, hL, cL)
                .addIntegerArguments(0, 0, 2, 0, 0).addFloatingPointArguments(0.0)
                .addBooleanArguments(true, false, true, true, false, true, true, true).build();
        double fused_f = time(() -> Nd4j.exec(fwd));
        // check forward equality
        st.hidden().assign(0); st.cell().assign(0);
        INDArray ours = lstm.forward(x2, seqLen, st);
        System.out.println("max |h_fused - h_ours| = " + h.reshape(seqLen * batch, hidden).sub(ours).amax().getDouble(0));
        INDArray dx = Nd4j.zeros(DataType.FLOAT, seqLen, batch, in), dWx = Nd4j.zeros(DataType.FLOAT, in, 4 * hidden), dWr = Nd4j.zeros(DataType.FLOAT, hidden, 4 * hidden),
                db = Nd4j.zeros(DataType.FLOAT, 4 * hidden), dh0 = Nd4j.zeros(DataType.FLOAT, batch, hidden), dc0 = Nd4j.zeros(DataType.FLOAT, batch, hidden);
        INDArray dOut3 = dOut.reshape(seqLen, batch, hidden);
        DynamicCustomOp bp = DynamicCustomOp.builder("lstmLayer_bp").addInputs(x3, wx, wr, b, h0, c0, dOut3).addOutputs(dx, dWx, dWr, db, dh0, dc0)
                .addIntegerArguments(0, 0, 2, 0, 0).addFloatingPointArguments(0.0)
                .addBooleanArguments(true, false, true, true, false, true, false, false).build();
        double fused_b = time(() -> Nd4j.exec(bp));
        lstm.forward(x2, seqLen, new RecurrentState.Layer(Nd4j.zeros(DataType.FLOAT, batch, hidden), Nd4j.zeros(DataType.FLOAT, batch, hidden)));
        INDArray oursDx = lstm.backward(dOut);
        System.out.println("max |dx diff| = " + dx.reshape(seqLen * batch, in).sub(oursDx).amax().getDouble(0) + " scale " + oursDx.amax().getDouble(0));
        System.out.println("max |dWr diff| = " + dWr.sub(Nd4j.concat(1, lstm.whGrad)).amax().getDouble(0) + " scale " + dWr.amax().getDouble(0));
        System.out.printf(Locale.ROOT, "I=%d H=%d T=%d N=%d: ours fwd %.1f ms bwd %.1f ms | fused fwd %.1f ms bp %.1f ms%n", in, hidden, seqLen, batch, ours_f, ours_b, fused_f, fused_b);
    }

    static double time(Runnable r) {
        for (int i = 0; i < 3; i++) r.run();
        double[] s = new double[7];
        for (int i = 0; i < s.length; i++) { long t0 = System.nanoTime(); r.run(); s[i] = (System.nanoTime() - t0) / 1e6; }
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
