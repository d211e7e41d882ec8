package rnn.train;

/** Training could not go on (e.g. the loss became NaN). Exit code 1; checkpoints already written stay intact. */
public final class TrainingFailedException extends RuntimeException {
    public TrainingFailedException(String message) {
        super(message);
    }
}
