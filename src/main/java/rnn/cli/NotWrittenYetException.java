package rnn.cli;

import rnn.UserInputException;

/** A checkpoint a running training run has not saved yet: exit code 75, "try again later" (README, "Exit codes"). */
final class NotWrittenYetException extends UserInputException {
    NotWrittenYetException(String message) {
        super(message);
    }
}
