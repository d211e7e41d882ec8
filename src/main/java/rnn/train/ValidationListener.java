package rnn.train;

import rnn.model.CharacterModel;
import rnn.text.Vocabulary;

import java.util.function.Supplier;

/** What else happens at a validation (the loss chart, a sample preview): installed by the command that trains. */
@FunctionalInterface
public interface ValidationListener {
    /**
     * @param step       the step just validated
     * @param loss       the validation loss, nats/char
     * @param best       true if it is the best so far
     * @param model      the weights now as a model that steps one character at a time, built on demand
     *                   (it copies the weights: a listener that does not sample does not pay for it)
     * @param vocabulary the model's characters
     * @param endOfRecord the id of the end-of-record symbol for a model of records (its preview is one record); -1
     * @param seed       the run's --seed
     */
    record Validation(long step, double loss, boolean best, Supplier<CharacterModel> model, Vocabulary vocabulary, int endOfRecord,
                      long seed) {
    }

    void validated(Validation validation);
}
