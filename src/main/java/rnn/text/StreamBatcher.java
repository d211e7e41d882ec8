package rnn.text;

/**
 * Stateful truncated-BPTT batching: the text is cut into {@code batch} contiguous streams of equal
 * length, and step s of an epoch takes symbols [s * seqLen, (s + 1) * seqLen) of every stream.
 * Because stream n at step s + 1 continues exactly where it stopped at step s, the hidden state of
 * row n can be carried from one step to the next.
 *
 * <pre>
 *   text:    | stream 0 ...... | stream 1 ...... | ... | stream batch-1 | (tail dropped)
 *   step s:    [s*T, s*T+T)      [s*T, s*T+T)            [s*T, s*T+T)
 * </pre>
 * A text of records ({@link Records}: each record preceded by the end-of-record symbol) is packed the same
 * way, records one after another with no padding; a batch marks where each record starts, so that its
 * state starts from zero there (only the record a stream begins in the middle of starts without its symbol).
 */
public final class StreamBatcher {
    private final Symbols ids;
    private final int batch;
    private final int seqLen;
    private final int streamLength;
    private final int endOfRecord;

    public StreamBatcher(Symbols ids, int batch, int seqLen) {
        this(ids, batch, seqLen, -1);
    }

    /** @param endOfRecord the id of the end-of-record symbol, for a text of records; -1 for a stream of text */
    public StreamBatcher(Symbols ids, int batch, int seqLen, int endOfRecord) {
        this.endOfRecord = endOfRecord;
        if (batch < 1 || seqLen < 1) {
            throw new IllegalArgumentException("batch and seqLen must be positive");
        }
        if (ids.length() < minimumLength(batch, seqLen)) {
            throw new IllegalArgumentException("text of " + ids.length() + " symbols is shorter than one batch ("
                    + minimumLength(batch, seqLen) + ")");
        }
        this.ids = ids;
        this.batch = batch;
        this.seqLen = seqLen;
        this.streamLength = ids.length() / batch;
    }

    /** The shortest text that gives one step: every stream needs seqLen inputs plus one target. */
    public static long minimumLength(int batch, int seqLen) {
        return (long) batch * (seqLen + 1);
    }

    /** The largest number of streams (at most {@code batch}) that a text of this length can feed. */
    public static int streamsFor(int length, int batch, int seqLen) {
        return (int) Math.min(batch, length / (seqLen + 1L));
    }

    public int stepsPerEpoch() {
        return (streamLength - 1) / seqLen;
    }

    /** The steps per epoch of a text of {@code length} symbols, without the text (info's epoch of a checkpoint). */
    public static long stepsPerEpoch(long length, int batch, int seqLen) {
        return (length / batch - 1) / seqLen;
    }

    public int batch() {
        return batch;
    }

    public int seqLen() {
        return seqLen;
    }

    /** Symbols the model is trained on per epoch. */
    public long symbolsPerEpoch() {
        return (long) stepsPerEpoch() * seqLen * batch;
    }

    /** The batch of step {@code step} (0-based) within an epoch. */
    public Batch batch(int step) {
        if (step < 0 || step >= stepsPerEpoch()) {
            throw new IndexOutOfBoundsException("step " + step + " of " + stepsPerEpoch());
        }
        int[] inputs = new int[seqLen * batch];
        int[] targets = new int[seqLen * batch];
        boolean[] starts = endOfRecord < 0 ? null : new boolean[seqLen * batch];
        for (int t = 0; t < seqLen; t++) {
            for (int n = 0; n < batch; n++) {
                int at = n * streamLength + step * seqLen + t;
                inputs[t * batch + n] = ids.get(at);
                targets[t * batch + n] = ids.get(at + 1);
                if (starts != null) {
                    starts[t * batch + n] = inputs[t * batch + n] == endOfRecord;
                }
            }
        }
        return new Batch(inputs, targets, seqLen, batch, starts);
    }
}
