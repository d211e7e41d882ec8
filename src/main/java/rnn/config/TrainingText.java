package rnn.config;

import java.util.List;
import java.util.Locale;

/**
 * What text a model was trained on, saved in its checkpoints: a resume on other text would count epochs and
 * read data positions against text the run never saw, so it is noticed (README, "Resuming").
 *
 * @param files       the names given on the command line, in order ("-" for stdin)
 * @param chars       the characters (code points) in all of them
 * @param fingerprint 16 hex digits over the code points: the same text under other names has the same one
 */
public record TrainingText(List<String> files, long chars, String fingerprint) {
    public TrainingText {
        files = List.copyOf(files);
    }

    /** The same characters in the same order, whatever the files are called now. */
    public boolean sameText(TrainingText other) {
        return chars == other.chars && fingerprint.equals(other.fingerprint);
    }

    @Override
    public String toString() {
        return String.join(" + ", files) + String.format(Locale.ROOT, " (%,d characters)", chars);
    }
}
