package rnn.train;

import rnn.model.StepModel;
import rnn.text.Vocabulary;

/** What else happens at a validation (the loss chart, a sample preview): installed by the command that trains. */
@FunctionalInterface
public interface ValidationListener {
    /**
     * @param step       the step just validated
     * @param loss       the validation loss, nats/char
     * @param best       true if it is the best so far
     * @param model      the weights now, stepping one character at a time (valid during the call)
     * @param vocabulary the model's characters
     * @param seed       the run's --seed
     */
    record Validation(long step, double loss, boolean best, StepModel model, Vocabulary vocabulary, long seed) {
    }

    void validated(Validation validation);
}
