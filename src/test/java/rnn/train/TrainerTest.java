package rnn.train;

import static rnn.config.TrainingSetting.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.UserInputException;
import rnn.checkpoint.Checkpoint;
import rnn.checkpoint.CheckpointFile;
import rnn.checkpoint.Tensor;
import rnn.config.CellType;
import rnn.config.LrSchedule;
import rnn.config.ModelConfig;
import rnn.config.RunBounds;
import rnn.config.TrainingConfig;
import rnn.text.Corpus;
import rnn.text.Vocabulary;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    @TempDir
    Path dir;

    // 600 symbols: 540 train -> 4 streams of 135 -> 13 steps of 10 per epoch; 60 validation.
    private static final Corpus CORPUS = corpus(600);
    private static final ModelConfig ARCHITECTURE = new ModelConfig(CellType.LSTM, 2, 12, 6, CORPUS.vocabulary().size());
    /** The settings of these tests; each test sets what it is about. */
    private static TrainingConfig.Builder settings() {
        return TrainingConfig.builder().set(SEQ_LEN, 10).set(BATCH, 4).set(LEARNING_RATE, 5e-3)
                .set(SCHEDULE, LrSchedule.CONSTANT).set(LR_DECAY, 1.0).set(WARMUP, 0).set(CLIP, 1.0).set(DROPOUT, 0.0)
                .set(WEIGHT_DROP, 0.0).set(WEIGHT_DECAY, 0.0).set(EMA, 0.0).set(LOCKED_DROPOUT, 0.0).set(EMBED_DROP, 0.0).set(VAL_FRAC, 0.1).set(SEED, 17L).set(FORGET_BIAS, 0.0);
    }

    private static final TrainingConfig TRAINING = settings().set(DROPOUT, 0.2).set(LR_DECAY, 0.9).set(SCHEDULE, LrSchedule.STEP).build();

    private static Corpus corpus(int length) {
        Random random = new Random(3);
        int[] text = new int[length];
        for (int i = 0; i < length; i++) {
            text[i] = "the cat sat on a mat. ".charAt(i % 22) + (random.nextInt(10) == 0 ? 1 : 0);
        }
        Vocabulary vocabulary = Vocabulary.of(text);
        return Corpus.of(vocabulary, vocabulary.encode(text), 0.1); // the configs below hold out 0.1
    }

    private static final int THREADS = 2; // two workers: resume must be exact with the streams split

    private static RunLimits steps(long maxSteps) {
        return new RunLimits(new RunBounds(0, maxSteps, null, 0), 5, 0, 0, 100);
    }

    private static ProgressReporter quiet() {
        return new ProgressReporter(new PrintWriter(new StringWriter()), ProgressReporter.Mode.QUIET);
    }

    @Test
    void interruptedAndResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() {
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        // 30 steps cross two epoch boundaries (13 steps each), with dropout and lr decay in play.
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, steps(30), straight, quiet(), THREADS).run(() -> false);

        AtomicInteger polls = new AtomicInteger();
        Trainer first = Trainer.start(ARCHITECTURE, TRAINING, CORPUS, steps(30), resumed, quiet(), THREADS);
        assertEquals(Trainer.Outcome.INTERRUPTED, first.run(() -> polls.incrementAndGet() > 8)); // "Ctrl-C" after 8 steps
        assertEquals(8, first.step());
        Checkpoint atStop = CheckpointFile.read(resumed.resolve(Trainer.LATEST));
        assertEquals(8, atStop.manifest().progress().step());

        Trainer second = Trainer.resume(atStop, CORPUS, steps(30), resumed, quiet(), THREADS);
        assertEquals(Trainer.Outcome.COMPLETED, second.run(() -> false));
        assertEquals(30, second.step());

        Map<String, Tensor> expected = CheckpointFile.read(straight.resolve(Trainer.LATEST)).tensors();
        Map<String, Tensor> actual = CheckpointFile.read(resumed.resolve(Trainer.LATEST)).tensors();
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, tensor) -> assertArrayEquals(tensor.data(), actual.get(name).data(), name));
    }

    @Test
    void cosineWithWarmupWeightDecayEveryDropoutAndAnAverageResumesExactly() {
        TrainingConfig cosine = settings().set(DROPOUT, 0.2).set(SCHEDULE, LrSchedule.COSINE).set(WARMUP, 6).set(WEIGHT_DECAY, 0.5)
                .set(WEIGHT_DROP, 0.3).set(LOCKED_DROPOUT, 0.2).set(EMBED_DROP, 0.1).set(EMA, 0.9).build();
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        Trainer.start(ARCHITECTURE, cosine, CORPUS, steps(30), straight, quiet(), THREADS).run(() -> false);
        AtomicInteger polls = new AtomicInteger();
        Trainer.start(ARCHITECTURE, cosine, CORPUS, steps(30), resumed, quiet(), THREADS)
                .run(() -> polls.incrementAndGet() > 4); // stopped inside the warm-up
        Trainer.resume(CheckpointFile.read(resumed.resolve(Trainer.LATEST)), CORPUS, steps(30), resumed, quiet(), THREADS)
                .run(() -> false);
        Map<String, Tensor> expected = CheckpointFile.read(straight.resolve(Trainer.LATEST)).tensors();
        Map<String, Tensor> actual = CheckpointFile.read(resumed.resolve(Trainer.LATEST)).tensors();
        expected.forEach((name, tensor) -> assertArrayEquals(tensor.data(), actual.get(name).data(), name));
    }

    @Test
    void anAverageOfTheWeightsIsWhatValidationScoresAndCheckpointsHoldWhileTrainingMovesTheRawOnes() {
        TrainingConfig plain = settings().build(), averaged = settings().set(EMA, 0.9).build();
        RunLimits limits = new RunLimits(new RunBounds(0, 20, null, 0), 10, 0, 0, 100);
        Path without = dir.resolve("without"), with = dir.resolve("with");
        Trainer.start(ARCHITECTURE, plain, CORPUS, limits, without, quiet(), THREADS).run(() -> false);
        Trainer.start(ARCHITECTURE, averaged, CORPUS, limits, with, quiet(), THREADS).run(() -> false);
        Checkpoint raw = CheckpointFile.read(without.resolve(Trainer.LATEST)), ema = CheckpointFile.read(with.resolve(Trainer.LATEST));
        boolean differs = false;
        for (Map.Entry<String, Tensor> weight : raw.tensors().entrySet()) {
            if (weight.getKey().startsWith("param.")) {
                // the optimizer's weights are those of the run without an average, bit for bit
                assertArrayEquals(weight.getValue().data(), ema.require("training." + weight.getKey()).data(), weight.getKey());
                differs |= !java.util.Arrays.equals(weight.getValue().data(), ema.require(weight.getKey()).data());
            }
        }
        assertTrue(differs, "the checkpoint's weights are the average, not the raw weights");
        // validation scored the average: another loss from the same raw weights
        assertFalse(raw.manifest().progress().valLoss().equals(ema.manifest().progress().valLoss()));
        assertEquals(0.9, ema.manifest().training().ema());
        // best.ckpt holds the average too, and is what sample and eval read
        assertArrayEquals(ema.require("param.output.bias").data(),
                CheckpointFile.read(with.resolve(Trainer.BEST)).require("param.output.bias").data());
    }

    /** The learning rate of every step, from metrics.jsonl written with --print-every 1. */
    private static double[] loggedRates(Path run) throws Exception {
        return Files.readAllLines(run.resolve(Trainer.METRICS)).stream().filter(l -> l.contains("\"lr\""))
                .mapToDouble(l -> Double.parseDouble(l.replaceAll(".*\"lr\":([^,}]+).*", "$1"))).toArray();
    }

    @Test
    void cosineBoundedByStepsTakesItsLastStepAtTheFloor() throws Exception {
        TrainingConfig cosine = settings().set(SCHEDULE, LrSchedule.COSINE).build();
        Trainer.start(ARCHITECTURE, cosine, CORPUS, new RunLimits(new RunBounds(0, 20, null, 0), 5, 0, 0, 1), dir, quiet(), THREADS)
                .run(() -> false);
        double[] rates = loggedRates(dir);
        assertEquals(20, rates.length);
        assertEquals(5e-3 * (0.1 + 0.9 * (1 + Math.cos(Math.PI / 20)) / 2), rates[0], 1e-12);
        assertEquals(5e-4, rates[19], 1e-12);
        for (int i = 1; i < rates.length; i++) {
            assertTrue(rates[i] < rates[i - 1], "falls at every step: " + java.util.Arrays.toString(rates));
        }
    }

    @Test
    void cosineBoundedByTimeReachesTheFloorWhenTheTimeIsUp() throws Exception {
        TrainingConfig cosine = settings().set(SCHEDULE, LrSchedule.COSINE).build();
        // --epochs 100000 would take far longer than 3 s: the time bound ends the run, so it sets the pace.
        Trainer.start(ARCHITECTURE, cosine, CORPUS, new RunLimits(new RunBounds(100_000, 0, java.time.Duration.ofSeconds(3), 0), 1_000_000, 0, 0, 1),
                dir, quiet(), THREADS).run(() -> false);
        double[] rates = loggedRates(dir);
        assertTrue(rates.length > 50, "many steps in 3 s: " + rates.length);
        assertTrue(rates[0] > 0.99 * 5e-3, "starts at --lr: " + rates[0]);
        assertTrue(rates[rates.length - 1] < 0.101 * 5e-3, "ends at the floor: " + rates[rates.length - 1]);
        assertTrue(rates[rates.length / 2] > 0.2 * 5e-3 && rates[rates.length / 2] < 0.9 * 5e-3,
                "halfway through the steps, halfway down: " + rates[rates.length / 2]);
    }

    @Test
    void cosineNeedsARunThatEnds() {
        TrainingConfig cosine = settings().set(SCHEDULE, LrSchedule.COSINE).build();
        UserInputException e = assertThrows(UserInputException.class, () -> Trainer.start(ARCHITECTURE, cosine, CORPUS,
                new RunLimits(new RunBounds(0, 0, null, 0), 5, 0, 0, 1), dir, quiet(), THREADS));
        assertTrue(e.getMessage().contains("--max-time"), e.getMessage());
    }

    /**
     * Training text "abab..." and validation text "aabb...": whatever the model learns of the training text makes
     * half the validation transitions less likely, so every validation after the first is worse.
     */
    private static Corpus diverging() {
        int[] text = new int[600];
        for (int i = 0; i < 600; i++) {
            text[i] = i < 540 ? "ab".charAt(i % 2) : "aabb".charAt(i % 4);
        }
        Vocabulary vocabulary = Vocabulary.of(text);
        return Corpus.of(vocabulary, vocabulary.encode(text), 0.1); // the configs below hold out 0.1
    }

    @Test
    void patienceStopsAfterThatManyValidationsWithoutABetterOneAndKeepsTheBest() throws Exception {
        Corpus corpus = diverging();
        ModelConfig architecture = new ModelConfig(CellType.LSTM, 1, 8, 4, corpus.vocabulary().size());
        TrainingConfig training = settings().set(LEARNING_RATE, 1e-2).set(CLIP, 5.0).set(SEED, 1L).build();
        RunLimits patience3 = new RunLimits(new RunBounds(0, 200, null, 3), 5, 0, 0, 100);
        Trainer trainer = Trainer.start(architecture, training, corpus, patience3, dir, quiet(), THREADS);
        assertEquals(Trainer.Outcome.COMPLETED, trainer.run(() -> false));
        assertEquals(20, trainer.step(), "best at step 5, then 3 worse validations: 10, 15, 20");
        assertEquals(5, CheckpointFile.read(dir.resolve(Trainer.BEST)).manifest().progress().step());
        Checkpoint latest = CheckpointFile.read(dir.resolve(Trainer.LATEST));
        assertEquals(20, latest.manifest().progress().step());
        assertEquals(3, latest.manifest().progress().sinceBest());
        assertEquals(4, Files.readAllLines(dir.resolve(Trainer.METRICS)).stream().filter(l -> l.contains("valLoss")).count());

        // The count is part of the run: resumed with the same patience it stays stopped; with more, it goes on.
        Trainer again = Trainer.resume(latest, corpus, patience3, dir, quiet(), THREADS);
        assertEquals(Trainer.Outcome.COMPLETED, again.run(() -> false));
        assertEquals(20, again.step());
        Trainer longer = Trainer.resume(latest, corpus, new RunLimits(new RunBounds(0, 200, null, 5), 5, 0, 0, 100), dir, quiet(), THREADS);
        longer.run(() -> false);
        assertEquals(30, longer.step());
    }

    @Test
    void etaAndStepTotalComeFromTheBoundThatEndsTheRunFirst() {
        // --max-time 15s with 13,000 steps to go at 100 steps/s: time ends it, at about step 1,500.
        assertEquals(new ProgressReporter.End("~1500", java.time.Duration.ofSeconds(10)),
                Trainer.expectedEnd(500, 13_500, 15.0, 5, 100));
        // Steps end it first: the step bound, exactly.
        assertEquals(new ProgressReporter.End("600", java.time.Duration.ofSeconds(1)),
                Trainer.expectedEnd(500, 600, 3600.0, 5, 100));
        // No speed yet: a lone bound still says where the end is; two bounds cannot be told apart.
        assertEquals(new ProgressReporter.End("600", null), Trainer.expectedEnd(5, 600, null, 0.1, 0));
        assertEquals(new ProgressReporter.End(null, java.time.Duration.ofSeconds(15)), Trainer.expectedEnd(5, Long.MAX_VALUE, 15.0, 0.1, 0));
        assertEquals(null, Trainer.expectedEnd(5, 600, 15.0, 0.1, 0));
        assertEquals(null, Trainer.expectedEnd(5, Long.MAX_VALUE, null, 0.1, 100), "nothing bounds the run");
    }

    @Test
    void progressLinesOfATimeBoundRunNeverShowTheEpochBoundsTotal() {
        StringWriter log = new StringWriter();
        ProgressReporter plain = new ProgressReporter(new PrintWriter(log), ProgressReporter.Mode.PLAIN);
        // 100,000 epochs (1.3 M steps) would take minutes; --max-time 3s ends the run long before.
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, new RunLimits(new RunBounds(100_000, 0, java.time.Duration.ofSeconds(3), 0), 1_000_000, 0, 0, 20),
                dir, plain, THREADS).run(() -> false);
        java.util.List<String> lines = log.toString().lines().filter(l -> l.matches("step \\d+[ /].*")).toList();
        assertFalse(lines.isEmpty(), log.toString());
        assertTrue(lines.stream().anyMatch(line -> line.contains("ETA")), "an ETA once the speed is measured: " + log);
        for (String line : lines) {
            assertFalse(line.contains("/1300000"), "not the epoch bound's total: " + line);
            assertTrue(!line.contains("ETA") || line.matches(".*ETA [0-3]s"), "at most the time left: " + line);
        }
    }

    @Test
    void aResumedRunDropsLogEntriesAfterItsCheckpointAndANewRunStartsTheLogAfresh() throws Exception {
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, steps(10), dir, quiet(), THREADS).run(() -> false);
        // A run killed after its checkpoint at step 10 had logged up to step 15, and a line cut short.
        Files.writeString(dir.resolve(Trainer.METRICS), "{\"step\":15,\"epoch\":1.1,\"valLoss\":2.0,\"valBpc\":2.9}\n{\"step\":1",
                java.nio.file.StandardOpenOption.APPEND);
        Trainer.resume(CheckpointFile.read(dir.resolve(Trainer.LATEST)), CORPUS, steps(20), dir, quiet(), THREADS).run(() -> false);
        long[] validated = Files.readAllLines(dir.resolve(Trainer.METRICS)).stream().filter(l -> l.contains("valLoss"))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".*\"step\":(\\d+).*", "$1"))).toArray();
        assertArrayEquals(new long[] {5, 10, 15, 20}, validated, "one entry per validation, in order");

        Path fresh = dir.resolve("fresh");
        Files.createDirectories(fresh);
        Files.copy(dir.resolve(Trainer.METRICS), fresh.resolve(Trainer.METRICS)); // a killed run's log, no checkpoint
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, steps(5), fresh, quiet(), THREADS).run(() -> false);
        assertEquals(1, Files.readAllLines(fresh.resolve(Trainer.METRICS)).stream().filter(l -> l.contains("valLoss")).count());
    }

    @Test
    void aRunAtItsBoundSaysWhichOneAndZeroClearsIt() {
        StringWriter log = new StringWriter();
        ProgressReporter plain = new ProgressReporter(new PrintWriter(log), ProgressReporter.Mode.PLAIN);
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, new RunLimits(new RunBounds(0, 0, java.time.Duration.ofSeconds(1), 0), 5, 0, 0, 100),
                dir, quiet(), THREADS).run(() -> false);
        Checkpoint checkpoint = CheckpointFile.read(dir.resolve(Trainer.LATEST));
        long step = checkpoint.manifest().progress().step();
        Trainer again = Trainer.resume(checkpoint, CORPUS, new RunLimits(new RunBounds(0, step + 5, java.time.Duration.ofSeconds(1), 0), 5, 0, 0, 100),
                dir, plain, THREADS);
        again.run(() -> false);
        assertEquals(step, again.step());
        assertTrue(log.toString().contains("--max-time 1s is reached; raise it, or clear it with --max-time 0"), log.toString());
        Trainer cleared = Trainer.resume(checkpoint, CORPUS, new RunLimits(new RunBounds(0, step + 5, java.time.Duration.ZERO, 0), 5, 0, 0, 100),
                dir, quiet(), THREADS);
        cleared.run(() -> false);
        assertEquals(step + 5, cleared.step(), "--max-time 0 clears the bound, as --epochs 0 does");
    }

    @Test
    void keepEveryKeepsACheckpointPerIntervalBesidesLatest() {
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, new RunLimits(new RunBounds(0, 10, null, 0), 5, 0, 4, 100), dir, quiet(), THREADS)
                .run(() -> false);
        assertEquals(4, CheckpointFile.read(dir.resolve("step-000004.ckpt")).manifest().progress().step());
        assertEquals(8, CheckpointFile.read(dir.resolve("step-000008.ckpt")).manifest().progress().step());
        assertFalse(Files.exists(dir.resolve("step-000010.ckpt")));
        assertEquals(10, CheckpointFile.read(dir.resolve(Trainer.LATEST)).manifest().progress().step());
    }

    @Test
    void sameSeedSameRun() {
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, steps(30), dir.resolve("a"), quiet(), THREADS).run(() -> false);
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, steps(30), dir.resolve("b"), quiet(), THREADS).run(() -> false);
        Map<String, Tensor> a = CheckpointFile.read(dir.resolve("a").resolve(Trainer.LATEST)).tensors();
        Map<String, Tensor> b = CheckpointFile.read(dir.resolve("b").resolve(Trainer.LATEST)).tensors();
        a.forEach((name, tensor) -> assertArrayEquals(tensor.data(), b.get(name).data(), name));
    }

    @Test
    void trainingLowersTheLossAndWritesCheckpointsAndMetrics() throws Exception {
        Trainer trainer = Trainer.start(ARCHITECTURE, settings().set(LEARNING_RATE, 1e-2).set(CLIP, 5.0).set(SEED, 1L).build(), CORPUS,
                new RunLimits(new RunBounds(0, 120, null, 0), 10, 0, 0, 100), dir, quiet(), THREADS);
        trainer.run(() -> false);
        Checkpoint latest = CheckpointFile.read(dir.resolve(Trainer.LATEST));
        Checkpoint best = CheckpointFile.read(dir.resolve(Trainer.BEST));
        assertTrue(latest.manifest().progress().trainLoss() < 0.7 * Math.log(CORPUS.vocabulary().size()),
                "loss " + latest.manifest().progress().trainLoss() + " well below uniform guessing");
        assertEquals(latest.manifest().progress().bestValLoss(), best.manifest().progress().valLoss());
        String metrics = Files.readString(dir.resolve(Trainer.METRICS));
        assertTrue(metrics.contains("\"valLoss\"") && metrics.contains("\"valBpc\""), metrics);
        assertEquals(12, metrics.lines().filter(l -> l.contains("valLoss")).count(), "validation every 10 of 120 steps");
    }

    @Test
    void boundsCountAcrossResumes() {
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, steps(6), dir, quiet(), THREADS).run(() -> false);
        Checkpoint checkpoint = CheckpointFile.read(dir.resolve(Trainer.LATEST));
        Trainer more = Trainer.resume(checkpoint, CORPUS, steps(10), dir, quiet(), THREADS);
        more.run(() -> false);
        assertEquals(10, more.step(), "max-steps 10 on a step-6 checkpoint trains 4 more");
        Trainer epochBound = Trainer.resume(CheckpointFile.read(dir.resolve(Trainer.LATEST)), CORPUS,
                new RunLimits(new RunBounds(1, 0, null, 0), 5, 0, 0, 100), dir, quiet(), THREADS);
        epochBound.run(() -> false);
        assertEquals(13, epochBound.step(), "one epoch is 13 steps in total");
    }

    @Test
    void nanLossStopsWithAClearErrorAndKeepsTheLastGoodCheckpoint() throws Exception {
        Trainer.start(ARCHITECTURE, TRAINING, CORPUS, steps(5), dir, quiet(), THREADS).run(() -> false);
        byte[] good = Files.readAllBytes(dir.resolve(Trainer.LATEST));
        Checkpoint checkpoint = CheckpointFile.read(dir.resolve(Trainer.LATEST));
        Map<String, Tensor> poisoned = new LinkedHashMap<>(checkpoint.tensors());
        Tensor bias = poisoned.get("param.output.bias");
        float[] values = bias.data().clone();
        values[0] = Float.NaN;
        poisoned.put("param.output.bias", new Tensor(bias.shape(), values));
        Trainer doomed = Trainer.resume(new Checkpoint(checkpoint.manifest(), poisoned), CORPUS, steps(10), dir, quiet(), THREADS);
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> doomed.run(() -> false));
        assertTrue(e.getMessage().contains("diverged at step 6") && e.getMessage().contains("--lr"), e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(dir.resolve(Trainer.LATEST)), "latest.ckpt untouched");
    }

    @Test
    void corpusShorterThanOneBatchSaysHowLongItMustBe() {
        Corpus tiny = corpus(40);
        UserInputException e = assertThrows(UserInputException.class, () -> Trainer.start(
                new ModelConfig(CellType.GRU, 1, 4, 4, tiny.vocabulary().size()), TRAINING, tiny, steps(1), dir, quiet(), THREADS));
        assertTrue(e.getMessage().contains("needs 44"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(Trainer.LATEST)));
    }
}
