package rnn.text;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamBatcherTest {
    @Test
    void streamsAreContiguousAndStepsContinueThem() {
        int[] ids = IntStream.range(0, 23).toArray(); // 2 streams of 11: [0..10], [11..21]; 22 dropped
        StreamBatcher batcher = new StreamBatcher(Symbols.of(ids), 2, 3);
        assertEquals(3, batcher.stepsPerEpoch());        // (11 - 1) / 3
        Batch first = batcher.batch(0);
        // time-major: t=0 -> (stream0, stream1), t=1 -> ...
        assertArrayEquals(new int[] {0, 11, 1, 12, 2, 13}, first.inputs());
        assertArrayEquals(new int[] {1, 12, 2, 13, 3, 14}, first.targets());
        Batch second = batcher.batch(1);
        assertArrayEquals(new int[] {3, 14, 4, 15, 5, 16}, second.inputs()); // continues where step 0 stopped
        Batch last = batcher.batch(2);
        assertArrayEquals(new int[] {7, 18, 8, 19, 9, 20}, last.targets());
        assertEquals(18, batcher.symbolsPerEpoch());
    }

    @Test
    void textShorterThanOneBatchIsRefused() {
        assertEquals(8, StreamBatcher.minimumLength(2, 3));
        assertThrows(IllegalArgumentException.class, () -> new StreamBatcher(Symbols.of(new int[7]), 2, 3));
        assertEquals(1, new StreamBatcher(Symbols.of(new int[8]), 2, 3).stepsPerEpoch());
        assertThrows(IndexOutOfBoundsException.class, () -> new StreamBatcher(Symbols.of(new int[8]), 2, 3).batch(1));
    }

    @Test
    void streamsForShortTexts() {
        assertEquals(4, StreamBatcher.streamsFor(1000, 4, 10));
        assertEquals(2, StreamBatcher.streamsFor(25, 4, 10));
        assertEquals(0, StreamBatcher.streamsFor(10, 4, 10));
    }
}
