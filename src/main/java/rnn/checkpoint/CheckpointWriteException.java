package rnn.checkpoint;

/** A checkpoint could not be written (disk full, directory gone, permissions): a runtime failure, exit 1. */
public final class CheckpointWriteException extends RuntimeException {
    public CheckpointWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
