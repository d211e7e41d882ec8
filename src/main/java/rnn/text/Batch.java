package rnn.text;

/**
 * One training step's worth of text: {@code seqLen} consecutive symbols of each of {@code batch}
 * streams, time-major (the symbol of stream n at time t is at index t * batch + n).
 *
 * @param inputs  symbol ids fed to the model, [seqLen * batch]
 * @param targets the symbol following each input, [seqLen * batch]
 */
public record Batch(int[] inputs, int[] targets, int seqLen, int batch) {
    public Batch {
        if (inputs.length != seqLen * batch || targets.length != seqLen * batch) {
            throw new IllegalArgumentException("batch arrays must hold seqLen * batch ids");
        }
    }
}
