package rnn.config;

import java.util.List;
import java.util.Locale;

/**
 * What text a model was trained on, saved in its checkpoints: a resume on other text would count epochs and
 * read data positions against text the run never saw, so it is noticed (README, "Resuming").
 *
 * @param files           the corpus files as given on the command line, in order ("-" for stdin)
 * @param validationFiles the --val-file, or empty when validation is the tail of each corpus file
 * @param chars           the characters (code points) in all of them
 * @param trainingChars   the characters of the training part
 * @param fingerprint     16 hex digits over the code points: the same text under other names has the same one
 * @param eachFile        validation is the tail of each file; false in checkpoints from before (the tail of the
 *                        files' concatenation), which keep that split when resumed
 * @param records         "line" or "paragraph" for a model of records (train --records); null for a stream of text
 */
public record TrainingText(List<String> files, List<String> validationFiles, long chars, long trainingChars,
                           String fingerprint, boolean eachFile, String records) {
    public TrainingText {
        files = List.copyOf(files);
        validationFiles = List.copyOf(validationFiles);
    }

    /** The same characters in the same order, whatever the files are called now. */
    public boolean sameText(TrainingText other) {
        return chars == other.chars && fingerprint.equals(other.fingerprint);
    }

    @Override
    public String toString() {
        return String.join(" + ", files) + (validationFiles.isEmpty() ? "" : ", validation " + String.join(" + ", validationFiles))
                + String.format(Locale.ROOT, " (%,d characters)", chars) + (records == null ? "" : ", records: one per " + records);
    }
}
