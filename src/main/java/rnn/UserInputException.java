package rnn;

/**
 * Something the user can fix: a bad flag, a missing or malformed file, an unusable checkpoint.
 * Its message is one line that says what is wrong and what to do; the command exits with 2.
 */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
