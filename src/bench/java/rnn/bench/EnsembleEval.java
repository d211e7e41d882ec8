package rnn.bench;

import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.model.CharacterModel;
import rnn.model.SavedModel;
import rnn.text.Vocabulary;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Scores the last tenth of a corpus (the validation tail) with several models at once, as an ensemble: each
 * character's probability is the mean of the models' probabilities, p(c) = (1/K) sum_k softmax(logits_k)[c],
 * each model carrying its own state through the text as {@code rnn eval} does. Prints each model's own
 * score and the ensemble's, in nats/char (issue 25: what a second model in the same hour buys).
 * Run: bench/probe ensemble CORPUS CKPT CKPT...
 */
public final class EnsembleEval {
    public static void main(String[] args) throws Exception {
        int[] corpus = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8).codePoints().toArray();
        int[] text = Arrays.copyOfRange(corpus, corpus.length - corpus.length / 10, corpus.length);
        int k = args.length - 1;
        CharacterModel[] models = new CharacterModel[k];
        CharacterModel.State[] states = new CharacterModel.State[k];
        Vocabulary vocabulary = null;
        for (int m = 0; m < k; m++) {
            Checkpoint checkpoint = CheckpointFile.readWeights(Path.of(args[m + 1]));
            Vocabulary own = SavedModel.vocabulary(checkpoint);
            if (vocabulary != null && !Arrays.equals(own.codePoints(), vocabulary.codePoints())) {
                throw new IllegalArgumentException(args[m + 1] + " has another vocabulary than " + args[1]);
            }
            vocabulary = own;
            models[m] = SavedModel.characterModel(checkpoint);
            states[m] = models[m].newState(1);
        }
        int[] ids = vocabulary.encode(text);
        int symbols = vocabulary.size();
        float[] logits = new float[symbols];       // [1, V] one model's
        double[] own = new double[k];               // each model's summed nats
        double ensemble = 0;                        // the mean probability's summed nats
        int[] input = new int[1];
        for (int i = 0; i + 1 < ids.length; i++) {
            input[0] = ids[i];
            double mean = 0;                        // (1/K) sum_k p_k(target), p_k = exp(-nats_k)
            for (int m = 0; m < k; m++) {
                models[m].step(input, states[m], logits, 1);
                double nats = CharacterModel.crossEntropy(logits, ids[i + 1]); // rnn eval's loss of this character
                own[m] += nats;
                mean += Math.exp(-nats) / k;
            }
            ensemble -= Math.log(mean);
        }
        int scored = ids.length - 1;
        for (int m = 0; m < k; m++) {
            System.out.printf(Locale.ROOT, "| %s | %.4f |%n", args[m + 1], own[m] / scored);
        }
        System.out.printf(Locale.ROOT, "| the ensemble of %d (mean probability) | %.4f |%n", k, ensemble / scored);
        System.out.printf(Locale.ROOT, "%d characters scored, the last tenth of %s%n", scored, args[0]);
    }
}
