package rnn.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Format 1 stored each recurrent weight gate by gate: wx [G, I, H], wh [G, H, H], b [G, H]. Since format
 * 2 the gates sit side by side, as the engine multiplies them in one product: wx [I, G*H], wh [H, G*H],
 * b [G*H]. This is the one place that converts between the two, for the weights and for Adam's moments.
 */
public final class FormatV1 {
    private static final Pattern GATED = Pattern.compile("(param|adam\\.m|adam\\.v)\\.layer\\d+\\.(wx|wh|b)");

    private FormatV1() {
    }

    /** The tensors of a format-1 file in the format-2 layout; every other tensor as it was. */
    static Map<String, Tensor> upgrade(Map<String, Tensor> tensors) {
        Map<String, Tensor> upgraded = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            Matcher gated = GATED.matcher(name);
            long[] shape = tensor.shape();
            if (gated.matches() && shape.length == 3) {         // [G, rows, H] -> [rows, G*H]
                int gates = (int) shape[0], rows = (int) shape[1], hidden = (int) shape[2];
                tensor = new Tensor(new long[] {rows, (long) gates * hidden}, sideBySide(tensor.data(), gates, rows, hidden));
            } else if (gated.matches() && shape.length == 2) {  // [G, H] -> [G*H]: the same values in the same order
                tensor = new Tensor(new long[] {shape[0] * shape[1]}, tensor.data());
            }
            upgraded.put(name, tensor);
        });
        return upgraded;
    }

    /** [G, rows, H] gate by gate -> [rows, G*H] with the gates side by side: out[r][k*H + j] = in[k][r][j]. */
    public static float[] sideBySide(float[] gateByGate, int gates, int rows, int hidden) {
        float[] out = new float[gateByGate.length];
        for (int k = 0; k < gates; k++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(gateByGate, (k * rows + r) * hidden, out, (r * gates + k) * hidden, hidden);
            }
        }
        return out;
    }

    /** The inverse of {@link #sideBySide}: [rows, G*H] -> [G, rows, H]. */
    public static float[] gateByGate(float[] sideBySide, int gates, int rows, int hidden) {
        float[] out = new float[sideBySide.length];
        for (int k = 0; k < gates; k++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(sideBySide, (r * gates + k) * hidden, out, (k * rows + r) * hidden, hidden);
            }
        }
        return out;
    }
}
