package rnn.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import rnn.model.CharacterModel;
import rnn.text.Records;
import rnn.text.Vocabulary;

/**
 * What the server answers from.
 *
 * @param records     how the model's text was split into records (train --records), or null for a stream of text
 * @param description the checkpoint's description, as {@code rnn info --json} prints it
 * @param checkpoint  the checkpoint's path, for the playground's "copy as rnn sample" command
 */
public record ServedModel(CharacterModel model, Vocabulary vocabulary, String records, ObjectNode description,
                          String checkpoint) {
    /** The end-of-record symbol's id for a model of records, else -1: as {@code rnn sample} passes it to the sampler. */
    int endOfRecord() {
        return records == null ? -1 : vocabulary.idOf(Records.END);
    }
}
