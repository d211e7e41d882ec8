package rnn.checkpoint;

import static rnn.config.TrainingSetting.*;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.config.CellType;
import rnn.config.LrSchedule;
import rnn.config.ModelConfig;
import rnn.config.RunBounds;
import rnn.config.TrainingConfig;
import rnn.model.Network;
import rnn.model.Parameters;
import rnn.model.RecurrentState;
import rnn.model.SavedModel;
import rnn.train.Adam;
import rnn.train.RunSnapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointFileTest {
    @TempDir
    Path dir;

    static Checkpoint checkpoint;
    static byte[] bytes;

    @BeforeAll
    static void smallCheckpoint(@TempDir Path tmp) throws Exception {
        ModelConfig architecture = new ModelConfig(CellType.LSTM, 1, 3, 2, 4);
        Parameters parameters = Parameters.initialized(architecture, 9);
        Adam adam = new Adam(parameters, 0);
        Random random = new Random(1);
        for (int i = 0; i < parameters.gradients().length; i++) {
            parameters.gradients()[i] = (float) random.nextGaussian();
        }
        adam.update(0.01);
        Network model = new Network(parameters, new Network.Threads(1, 1));
        RecurrentState state = model.newState(2);
        model.loss(new int[] {0, 1, 2, 3}, new int[] {1, 2, 3, 0}, 2, state); // a non-zero carried state
        Manifest manifest = new Manifest(CheckpointFile.FORMAT_VERSION, "rnn test", "2026-01-01T00:00:00Z", architecture,
                new int[] {'a', 'b', 'c', 0x1F642}, TrainingConfig.builder().set(SEQ_LEN, 2).set(BATCH, 2).set(DROPOUT, 0.0).set(LEARNING_RATE, 0.01).set(LR_DECAY, 1.0)
                        .set(SCHEDULE, LrSchedule.COSINE).set(WARMUP, 3).set(CLIP, 5.0).set(VAL_FRAC, 0.1).set(SEED, 9L)
                        .set(FORGET_BIAS, 0.5).set(WEIGHT_DECAY, 0.05).set(EMA, 0.0).set(LOCKED_DROPOUT, 0.0).set(EMBED_DROP, 0.0).set(WEIGHT_DROP, 0.25).build(),
                new Manifest.Progress(1, 0, 1.25, 1.5, 1.5, 3.0, 2), new RunBounds(2, 0, java.time.Duration.ofMinutes(10), 4));
        checkpoint = RunSnapshot.capture(manifest, parameters, adam, state);
        Path file = tmp.resolve("small.ckpt");
        CheckpointFile.write(file, checkpoint);
        bytes = Files.readAllBytes(file);
    }

    @Test
    void roundTripIsBitExact() {
        Checkpoint read = Checkpoints.parse(bytes);
        assertEquals(checkpoint.manifest(), read.manifest());
        assertEquals(checkpoint.tensors().keySet(), read.tensors().keySet());
        for (String name : checkpoint.tensors().keySet()) {
            Tensor expected = checkpoint.tensors().get(name), actual = read.tensors().get(name);
            assertArrayEquals(expected.shape(), actual.shape(), name);
            for (int i = 0; i < expected.data().length; i++) {
                assertEquals(Float.floatToRawIntBits(expected.data()[i]), Float.floatToRawIntBits(actual.data()[i]), name);
            }
        }
        Parameters restored = SavedModel.parameters(read);
        for (Parameters.View view : restored.views()) {
            assertArrayEquals(checkpoint.tensors().get("param." + view.name()).data(), restored.copyOf(view.name()));
        }
        assertTrue(read.tensors().containsKey("adam.m.layer0.wx") && read.tensors().containsKey("state.1"));
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("latest.ckpt");
        Files.writeString(target, "old");
        CheckpointFile.write(target, checkpoint);
        assertArrayEquals(bytes, Files.readAllBytes(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the checkpoint itself");
        }
    }

    @Test
    void everyTruncationIsRejected() {
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(CheckpointException.class, () -> Checkpoints.parse(cut), "length " + length);
        }
    }

    @Test
    void aTruncatedFileIsCalledTruncatedNotDamaged() {
        // Cut inside the manifest, inside a tensor's values and just before the checksum.
        for (int length : new int[] {40, bytes.length / 2, bytes.length - 5}) {
            String message = assertThrows(CheckpointException.class, () -> Checkpoints.parse(Arrays.copyOf(bytes, length))).getMessage();
            assertTrue(message.contains("truncated") && !message.contains("checksum"), length + ": " + message);
        }
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1; // whole but damaged
        String message = assertThrows(CheckpointException.class, () -> Checkpoints.parse(flipped)).getMessage();
        assertTrue(message.contains("checksum mismatch"), message);
    }

    @Test
    void aNonFiniteWeightMakesTheCheckpointUnusable() throws Exception {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Map<String, Tensor> tensors = new LinkedHashMap<>(checkpoint.tensors());
            float[] weights = tensors.get("param.layer0.wh").data().clone();
            weights[weights.length - 1] = bad;
            tensors.put("param.layer0.wh", new Tensor(tensors.get("param.layer0.wh").shape(), weights));
            Path file = dir.resolve("bad.ckpt");
            CheckpointFile.write(file, new Checkpoint(checkpoint.manifest(), tensors)); // a valid checksum
            for (java.util.function.Function<Path, Checkpoint> read : List.<java.util.function.Function<Path, Checkpoint>>of(
                    CheckpointFile::read, CheckpointFile::readWeights)) {
                String message = assertThrows(CheckpointException.class, () -> read.apply(file)).getMessage();
                assertTrue(message.contains("param.layer0.wh") && message.contains(String.valueOf(bad))
                        && message.contains("earlier checkpoint"), message);
            }
        }
    }

    @Test
    void aHandMadeManifestIsToldInTheManifestsWordsNotTheFlags() {
        String json = new String(ManifestJson.write(checkpoint.manifest()), StandardCharsets.UTF_8);
        String hidden = assertThrows(CheckpointException.class,
                () -> ManifestJson.read(json.replace("\"hidden\":3", "\"hidden\":0").getBytes(StandardCharsets.UTF_8))).getMessage();
        assertEquals("checkpoint manifest is invalid (hidden must be between 1 and 8192 (got 0))", hidden);
        String seqLen = assertThrows(CheckpointException.class,
                () -> ManifestJson.read(json.replace("\"seqLen\":2", "\"seqLen\":0").getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(seqLen.contains("(seqLen must be between 1") && !seqLen.contains("--"), seqLen);
        String vocabulary = assertThrows(CheckpointException.class,
                () -> ManifestJson.read(json.replace("\"vocabSize\":4", "\"vocabSize\":1").getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(vocabulary.contains("(vocabSize is 1; a model needs between 2") && !vocabulary.contains("corpus"), vocabulary);
    }

    @Test
    void everySingleBitFlipIsRejected() {
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(CheckpointException.class, () -> Checkpoints.parse(flipped), "bit " + bit);
        }
    }

    @Test
    void otherFilesAndFutureVersionsAreNamedAsSuch() {
        String text = assertThrows(CheckpointException.class,
                () -> Checkpoints.parse("{\"json\": true, \"padding\": \"...........\"}".getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(text.contains("not an rnn checkpoint"), text);
        byte[] future = bytes.clone();
        ByteBuffer.wrap(future).putInt(8, CheckpointFile.FORMAT_VERSION + 1);
        String version = assertThrows(CheckpointException.class, () -> Checkpoints.parse(future)).getMessage();
        assertTrue(version.contains("version " + (CheckpointFile.FORMAT_VERSION + 1)) && version.contains("newer rnn"), version);
    }

    @Test
    void hugeClaimsAreRejectedBeforeAllocating() {
        // A well-formed file (valid checksum) whose single tensor claims 10^12 values.
        byte[] manifest = ManifestJson.write(checkpoint.manifest());
        ByteBuffer withManifest = ByteBuffer.allocate(200 + manifest.length);
        withManifest.put(CheckpointFile.MAGIC).putInt(1).putInt(manifest.length).put(manifest).putInt(1)
                .putShort((short) 1).put((byte) 'x').put((byte) 1).put((byte) 2).putLong(1_000_000L).putLong(1_000_000L);
        byte[] file = sealed(Arrays.copyOf(withManifest.array(), withManifest.position()));
        String message = assertThrows(CheckpointException.class, () -> Checkpoints.parse(file)).getMessage();
        assertTrue(message.contains("claims more values than the file holds"), message);
    }

    @Test
    void missingTensorsAndWrongShapesAreNamed() {
        Map<String, Tensor> tensors = new LinkedHashMap<>(checkpoint.tensors());
        tensors.remove("param.output.bias");
        String missing = assertThrows(CheckpointException.class,
                () -> SavedModel.parameters(new Checkpoint(checkpoint.manifest(), tensors))).getMessage();
        assertTrue(missing.contains("param.output.bias"), missing);
        tensors.put("param.output.bias", new Tensor(new long[] {5}, new float[5]));
        String shape = assertThrows(CheckpointException.class,
                () -> SavedModel.parameters(new Checkpoint(checkpoint.manifest(), tensors))).getMessage();
        assertTrue(shape.contains("output.bias") && shape.contains("[5]"), shape);
    }

    @Test
    void anArchitectureFarLargerThanTheStoredWeightsIsRejectedBeforeAllocating() {
        Manifest m = checkpoint.manifest();
        Manifest huge = new Manifest(m.formatVersion(), m.createdBy(), m.createdAt(),
                new ModelConfig(CellType.LSTM, 16, 8192, 8192, 4), m.vocabulary(), m.training(), m.progress(), m.bounds());
        String message = assertThrows(CheckpointException.class, () -> SavedModel.parameters(new Checkpoint(huge, checkpoint.tensors())))
                .getMessage();
        assertTrue(message.contains("architecture needs"), message);
    }

    @Test
    void missingFileSaysHowToGetOne() {
        String message = assertThrows(CheckpointException.class, () -> CheckpointFile.read(dir.resolve("none.ckpt"))).getMessage();
        assertTrue(message.contains("no such checkpoint"), message);
    }

    /** Appends a valid CRC-32C, as the writer does. */
    private static byte[] sealed(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }
}
