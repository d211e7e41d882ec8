package rnn.checkpoint;

import rnn.UserInputException;

/** A checkpoint that cannot be used: missing, damaged, of another version or of another model. */
public class CheckpointException extends UserInputException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
