package rnn.cli;

import rnn.UserInputException;
import rnn.checkpoint.Manifest;
import rnn.config.TrainingText;
import rnn.text.Corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The text --novelty measures samples against: a FILE given with it, or the training part of the corpus the
 * checkpoint names (its files as given to train, read from here, and checked to be the same text).
 */
final class NoveltyText {
    private NoveltyText() {
    }

    static Corpus load(String novelty, Manifest manifest, Path checkpoint) {
        if (novelty != null && !novelty.isEmpty()) {
            return Corpus.load(List.of(Path.of(novelty)), null, Corpus.Holdout.eachFile(0));
        }
        TrainingText text = manifest.text();
        if (text == null) {
            throw new UserInputException(checkpoint + " does not name its training text (written before rnn recorded it); "
                    + "give the corpus with --novelty FILE");
        }
        List<Path> files = text.files().stream().map(Path::of).toList();
        for (Path file : files) {
            if (file.toString().equals("-") || !Files.isRegularFile(file)) {
                throw new UserInputException("the checkpoint's corpus " + file + " is not a file from here; give it with --novelty FILE");
            }
        }
        double valFrac = manifest.training().valFrac();
        Corpus.Holdout holdout = !text.validationFiles().isEmpty() ? Corpus.Holdout.eachFile(0) // a --val-file run trained on all of them
                : text.eachFile() ? Corpus.Holdout.eachFile(valFrac) : Corpus.Holdout.tail(valFrac);
        Corpus corpus = Corpus.load(files, null, holdout);
        boolean same = corpus.training().length() == text.trainingChars()
                && (!text.validationFiles().isEmpty() || corpus.fingerprint().equals(text.fingerprint()));
        if (!same) {
            throw new UserInputException("the checkpoint's corpus " + String.join(" + ", text.files())
                    + " has changed since the model was trained on it; give the training text with --novelty FILE");
        }
        return corpus;
    }
}
