package rnn.text;

/**
 * One training step's worth of text: {@code seqLen} consecutive symbols of each of {@code batch}
 * streams, time-major (the symbol of stream n at time t is at index t * batch + n).
 *
 * @param inputs  symbol ids fed to the model, [seqLen * batch]
 * @param targets      the symbol following each input, [seqLen * batch]
 * @param recordStarts where a record starts (its end-of-record symbol is the input), [seqLen * batch]; the
 *                     stream's state is zero before it. Null for a text that is not records
 */
public record Batch(int[] inputs, int[] targets, int seqLen, int batch, boolean[] recordStarts) {
    public Batch {
        if (inputs.length != seqLen * batch || targets.length != seqLen * batch
                || recordStarts != null && recordStarts.length != seqLen * batch) {
            throw new IllegalArgumentException("batch arrays must hold seqLen * batch ids");
        }
    }

    public Batch(int[] inputs, int[] targets, int seqLen, int batch) {
        this(inputs, targets, seqLen, batch, null);
    }
}
