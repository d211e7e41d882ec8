package rnn.checkpoint;

import rnn.config.ModelConfig;
import rnn.config.RunBounds;
import rnn.config.TrainingConfig;
import rnn.config.TrainingText;

import java.util.Arrays;

/**
 * The self-describing part of a checkpoint, stored as JSON: what model this is and how far it got.
 *
 * @param formatVersion version of the file format that wrote it
 * @param createdBy     the program and version that wrote it
 * @param createdAt     when, ISO-8601 UTC
 * @param architecture  the model's shape
 * @param vocabulary    the sorted code points; symbol id i is vocabulary[i]
 * @param training      the training settings
 * @param progress      how far training got
 * @param bounds        where the run was set to stop; a resume keeps these unless told otherwise
 * @param text          the text it was trained on; null in checkpoints written before rnn saved it
 */
public record Manifest(int formatVersion, String createdBy, String createdAt, ModelConfig architecture,
                       int[] vocabulary, TrainingConfig training, Progress progress, RunBounds bounds, TrainingText text) {

    /** A manifest that does not say what text it was trained on (tests, and files from before it was saved). */
    public Manifest(int formatVersion, String createdBy, String createdAt, ModelConfig architecture,
                    int[] vocabulary, TrainingConfig training, Progress progress, RunBounds bounds) {
        this(formatVersion, createdBy, createdAt, architecture, vocabulary, training, progress, bounds, null);
    }

    /**
     * @param step           optimizer steps done; with the corpus it fixes the data position
     *                       (epoch = step / stepsPerEpoch, step within it = step % stepsPerEpoch)
     * @param epoch          completed epochs when written
     * @param trainLoss      training loss of the last step, nats/char
     * @param valLoss        last validation loss, nats/char, or null if none yet
     * @param bestValLoss    lowest validation loss so far, or null
     * @param elapsedSeconds training time across all runs, for --max-time (and the cosine schedule)
     * @param sinceBest      validations since the best one, for --patience
     * @param rollbacks      times the run went back to its last checkpoint after diverging (--on-divergence
     *                       rollback); each halved the learning rate from then on
     */
    public record Progress(long step, long epoch, double trainLoss, Double valLoss, Double bestValLoss,
                           double elapsedSeconds, int sinceBest, int rollbacks) {
        public Progress(long step, long epoch, double trainLoss, Double valLoss, Double bestValLoss,
                        double elapsedSeconds, int sinceBest) {
            this(step, epoch, trainLoss, valLoss, bestValLoss, elapsedSeconds, sinceBest, 0);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Manifest m && formatVersion == m.formatVersion && createdBy.equals(m.createdBy)
                && createdAt.equals(m.createdAt) && architecture.equals(m.architecture)
                && Arrays.equals(vocabulary, m.vocabulary) && training.equals(m.training) && progress.equals(m.progress)
                && java.util.Objects.equals(bounds, m.bounds) && java.util.Objects.equals(text, m.text);
    }

    @Override
    public int hashCode() {
        return architecture.hashCode() * 31 + Arrays.hashCode(vocabulary);
    }
}
