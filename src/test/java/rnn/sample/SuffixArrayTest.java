package rnn.sample;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** SA-IS against the definition: every suffix, sorted by a plain comparison. */
class SuffixArrayTest {
    private static int[] naive(int[] text) {
        Comparator<Integer> bySuffix = (a, b) -> {
            for (int i = a, j = b; ; i++, j++) {
                if (i == text.length || j == text.length) {
                    return i == text.length ? (j == text.length ? 0 : -1) : 1; // a prefix sorts first
                }
                if (text[i] != text[j]) {
                    return Integer.compare(text[i], text[j]);
                }
            }
        };
        return IntStream.range(0, text.length).boxed().sorted(bySuffix).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sortsEverySuffixAsAPlainComparisonDoes() {
        Random random = new Random(5);
        for (int round = 0; round < 3000; round++) {
            int n = 1 + random.nextInt(round < 2000 ? 40 : 600);
            int k = 1 + random.nextInt(round % 3 == 0 ? 2 : round % 3 == 1 ? 5 : 300); // repeats, few symbols, many
            int[] text = new int[n];
            for (int i = 0; i < n; i++) {
                text[i] = random.nextInt(k);
            }
            if (round % 7 == 0) { // long runs and periodic texts: the recursion's hard cases
                for (int i = 0; i < n; i++) {
                    text[i] = (i / 3) % Math.max(1, k);
                }
            }
            assertArrayEquals(naive(text), SuffixArray.build(i -> text[i], n, k), "text " + Arrays.toString(text));
        }
    }
}
