package rnn.sample;

import rnn.model.CharacterModel;

import java.util.Random;

/**
 * Nucleus sampling (Holtzman et al. 2019): keeps the smallest set of most likely symbols whose
 * probabilities sum to at least p (ties in order of id), and masks out the rest. The symbols are taken
 * most likely first from a max-heap of all V, built in one pass: O(V + kept · log V), which for the
 * usual peaked distribution is a pass over V, not a sort of it.
 */
final class TopP implements SamplingStrategy {
    private final double p;
    private final SamplingStrategy next;
    private float[] weights; // [V] e^(logit - max): the probabilities times their sum
    private int[] heap;      // [V] symbol ids, most likely (then lowest id) at the root

    private final int threads;

    TopP(double p, SamplingStrategy next, int threads) {
        this.p = p;
        this.next = next;
        this.threads = threads;
    }

    double p() {
        return p;
    }

    @Override
    public int pick(float[] logits, Random random) {
        int vocab = logits.length;
        if (weights == null || weights.length != vocab) {
            weights = new float[vocab];
            heap = new int[vocab];
        }
        System.arraycopy(logits, 0, weights, 0, vocab);
        CharacterModel.exponentiate(weights, threads);
        double total = 0;
        for (float w : weights) {
            total += w;
        }
        for (int i = 0; i < vocab; i++) {
            heap[i] = i;
        }
        for (int i = vocab / 2 - 1; i >= 0; i--) {
            siftDown(i, vocab);
        }
        double cumulative = 0, needed = p * total;
        int size = vocab;
        while (size > 0 && cumulative < needed) { // keep the most likely until they reach p
            cumulative += weights[heap[0]];
            heap[0] = heap[--size];
            siftDown(0, size);
        }
        for (int rank = 0; rank < size; rank++) {  // the heap holds exactly the symbols not kept
            logits[heap[rank]] = Float.NEGATIVE_INFINITY;
        }
        return next.pick(logits, random);
    }

    /** Whether symbol a comes before b: more likely, or as likely and a lower id. */
    private boolean before(int a, int b) {
        return weights[a] > weights[b] || (weights[a] == weights[b] && a < b);
    }

    private void siftDown(int at, int size) {
        int symbol = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], symbol)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = symbol;
    }
}
