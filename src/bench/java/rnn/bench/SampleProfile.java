package rnn.bench;

import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.model.Parameters;
import rnn.model.CharacterModel;

import java.util.Arrays;
import java.util.Locale;

/**
 * Generation speed of the step path alone (no JVM start, no checkpoint): chars/s at batch 1 and at
 * batch 16 on one thread and on all, medians of 7. Run: bench/profile-sampling [cell hidden layers embed threads].
 */
public final class SampleProfile {
    public static void main(String[] args) {
        CellType cell = CellType.valueOf(args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "LSTM");
        int hidden = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int layers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int embed = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        ModelConfig config = new ModelConfig(cell, layers, hidden, embed, 65);
        CharacterModel model = CharacterModel.of(config, Parameters.initialized(config, 1)::copyOf);
        // Batch 1, then batch 16 on one thread and on all, twice over, so all see the same machine state.
        int[][] runs = {{1, 1}, {16, 1}, {16, threads}, {1, 1}, {16, 1}, {16, threads}};
        for (int[] run : runs) {
            int batch = run[0];
            CharacterModel.State state = model.newState(batch);
            float[] logits = new float[batch * model.config().vocabSize()];
            int[] ids = new int[batch];
            int steps = Math.max(20, (int) (6e8 / ((double) hidden * hidden * layers * batch))); // about 0.5 s
            double[] rates = new double[7];
            for (int r = -2; r < rates.length; r++) {
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    ids[0] = s % 65;
                    model.step(ids, state, logits, run[1]);
                }
                if (r >= 0) {
                    rates[r] = (double) steps * batch / ((System.nanoTime() - t0) / 1e9);
                }
            }
            Arrays.sort(rates);
            System.out.printf(Locale.ROOT, "%s %dx%d batch %2d, %d thread(s): %,.0f chars/s (%.1f us per step)%n",
                    cell, hidden, layers, batch, run[1], rates[3], batch * 1e6 / rates[3]);
        }
    }
}
