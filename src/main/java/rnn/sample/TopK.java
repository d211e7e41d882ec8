package rnn.sample;

import java.util.Random;

/**
 * Keeps the k most likely symbols (ties at the k-th value all kept) and masks out the rest. The k-th
 * largest logit is found with a min-heap of k values, one pass over the V logits: O(V log k), no sort.
 */
final class TopK implements SamplingStrategy {
    private final int k;
    private final SamplingStrategy next;
    private float[] heap; // [k] the k largest logits so far, smallest at the root

    TopK(int k, SamplingStrategy next) {
        this.k = k;
        this.next = next;
    }

    int k() {
        return k;
    }

    @Override
    public int pick(float[] logits, Random random) {
        if (k < logits.length) {
            float threshold = kthLargest(logits);
            for (int i = 0; i < logits.length; i++) {
                if (logits[i] < threshold) {
                    logits[i] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return next.pick(logits, random);
    }

    private float kthLargest(float[] values) {
        if (heap == null || heap.length != k) {
            heap = new float[k];
        }
        System.arraycopy(values, 0, heap, 0, k);
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
        for (int i = k; i < values.length; i++) {
            if (values[i] > heap[0]) { // larger than the smallest kept: it replaces it
                heap[0] = values[i];
                siftDown(0);
            }
        }
        return heap[0];
    }

    private void siftDown(int at) {
        float value = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= k) {
                break;
            }
            if (child + 1 < k && heap[child + 1] < heap[child]) {
                child++;
            }
            if (!(heap[child] < value)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = value;
    }
}
