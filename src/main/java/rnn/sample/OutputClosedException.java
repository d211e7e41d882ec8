package rnn.sample;

/** The reader of the samples went away (or the output failed): generation stops at once. */
public final class OutputClosedException extends RuntimeException {
    OutputClosedException() {
        super("the output refused more text");
    }
}
