package rnn.bench;

import rnn.text.Batch;
import rnn.text.Corpus;
import rnn.text.StreamBatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Loads a corpus as training does (two passes, packed ids), cuts it into batches and reads every batch
 * of an epoch, then prints one line: characters, vocabulary, seconds to load, seconds to batch, and the
 * heap the corpus keeps. Run: bench/probe corpus FILE (LargeCorpusTest runs it with a heap limit).
 */
public final class CorpusLoad {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long t0 = System.nanoTime();
        Corpus corpus = Corpus.load(List.of(file));
        long t1 = System.nanoTime();
        StreamBatcher batcher = new StreamBatcher(corpus.training(), 64, 100);
        long checksum = 0;
        for (int step = 0; step < batcher.stepsPerEpoch(); step++) {
            Batch batch = batcher.batch(step);
            checksum += batch.targets()[batch.targets().length - 1];
        }
        long t2 = System.nanoTime();
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long heapMb = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
        System.out.printf(Locale.ROOT, "file %d MB: %d characters, %d symbols; load %.1f s, one epoch of batches %.1f s "
                        + "(checksum %d); heap in use %d MB%n", Files.size(file) >> 20, corpus.length(),
                corpus.vocabulary().size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, checksum, heapMb);
        System.out.println(corpus.length() + " " + heapMb); // for LargeCorpusTest
    }
}
