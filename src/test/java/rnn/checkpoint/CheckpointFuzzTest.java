package rnn.checkpoint;

import static rnn.config.TrainingSetting.*;

import org.junit.jupiter.api.Test;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of mutated checkpoints (bit flips, truncations, splices, random bytes, edited header
 * fields), half of them re-sealed with a valid checksum so that the parser behind the checksum is
 * exercised too. Each must load or be rejected with a CheckpointException: no other exception, no
 * hang, no out-of-memory.
 */
class CheckpointFuzzTest {
    private static final int CASES = 6000;

    @Test
    void mutatedCheckpointsLoadOrAreRejectedCleanly() throws Exception {
        byte[] original = smallCheckpoint();
        byte[] legacy = Files.readAllBytes(Path.of(getClass().getResource("/checkpoints/format-v1-lstm.ckpt").toURI()));
        Random random = new Random(2026);
        int[] outcomes = new int[2]; // loaded, rejected
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] base = i % 4 == 0 ? legacy : original;
                byte[] mutant = mutate(base, random);
                if (random.nextBoolean() && mutant.length > 4) {
                    reseal(mutant);
                }
                try {
                    Checkpoint checkpoint = Checkpoints.parse(mutant);
                    SavedModel.vocabulary(checkpoint);
                    Parameters parameters = SavedModel.parameters(checkpoint);
                    SavedModel.characterModel(checkpoint);
                    if (RunSnapshot.resumable(checkpoint)) {
                        new Adam(parameters, 0).restore(checkpoint);
                    }
                    outcomes[0]++;
                } catch (CheckpointException expected) {
                    outcomes[1]++;
                } catch (Throwable unexpected) {
                    fail("case " + i + ": " + unexpected, unexpected);
                }
            }
        });
        assertTrue(outcomes[1] > CASES / 2, "most mutants are rejected: " + Arrays.toString(outcomes));
    }

    private static byte[] mutate(byte[] base, Random random) {
        byte[] b = base.clone();
        switch (random.nextInt(7)) {
            case 0 -> { // flip 1 to 8 bits
                for (int k = 1 + random.nextInt(8); k > 0; k--) {
                    int bit = random.nextInt(b.length * 8);
                    b[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncate
            case 2 -> { // splice: copy a range over another place
                int from = random.nextInt(b.length), to = random.nextInt(b.length);
                int length = random.nextInt(Math.min(b.length - from, b.length - to) + 1);
                System.arraycopy(base, from, b, to, length);
            }
            case 3 -> { // overwrite a block with random bytes
                int at = random.nextInt(b.length), length = 1 + random.nextInt(Math.min(64, b.length - at));
                byte[] noise = new byte[length];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, b, at, length);
            }
            case 4 -> { // edit a header field: version, manifest length, tensor count or a dimension
                int[] offsets = {8, 12, 16 + ByteBuffer.wrap(b, 12, 4).getInt(), 40 + random.nextInt(Math.max(1, b.length - 48))};
                int at = Math.min(offsets[random.nextInt(offsets.length)], b.length - 4);
                int[] values = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, random.nextInt()};
                ByteBuffer.wrap(b).putInt(Math.max(0, at), values[random.nextInt(values.length)]);
            }
            case 5 -> { // insert or delete bytes
                int at = random.nextInt(b.length);
                int length = 1 + random.nextInt(16);
                byte[] out = new byte[random.nextBoolean() ? b.length + length : Math.max(0, b.length - length)];
                System.arraycopy(b, 0, out, 0, Math.min(at, out.length));
                if (out.length > b.length) {
                    System.arraycopy(b, at, out, at + length, b.length - at);
                } else if (at + length < b.length) {
                    System.arraycopy(b, at + length, out, at, b.length - at - length);
                }
                b = out;
            }
            default -> { // entirely random, sometimes behind the right magic bytes
                b = new byte[random.nextInt(4096)];
                random.nextBytes(b);
                if (random.nextBoolean() && b.length >= 12) {
                    System.arraycopy(CheckpointFile.MAGIC, 0, b, 0, 8);
                    ByteBuffer.wrap(b).putInt(8, 1);
                }
            }
        }
        return b;
    }

    private static void reseal(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
    }

    private static byte[] smallCheckpoint() throws Exception {
        ModelConfig architecture = new ModelConfig(CellType.GRU, 2, 5, 3, 4);
        Parameters parameters = Parameters.initialized(architecture, 1);
        RecurrentState state = new Network(parameters, new Network.Threads(1, 1)).newState(2);
        Manifest manifest = new Manifest(CheckpointFile.FORMAT_VERSION, "rnn test", "2026-01-01T00:00:00Z", architecture,
                new int[] {'a', 'b', 'c', 'd'}, TrainingConfig.builder().set(SEQ_LEN, 4).set(BATCH, 2).set(DROPOUT, 0.0).set(LEARNING_RATE, 0.01).set(LR_DECAY, 1.0)
                        .set(SCHEDULE, LrSchedule.CONSTANT).set(WARMUP, 0).set(CLIP, 5.0).set(VAL_FRAC, 0.1).set(SEED, 1L)
                        .set(FORGET_BIAS, 0.0).set(WEIGHT_DECAY, 0.0).set(EMA, 0.0).set(LOCKED_DROPOUT, 0.0).set(EMBED_DROP, 0.0).set(WEIGHT_DROP, 0.0).build(),
                new Manifest.Progress(3, 0, 1.0, null, null, 1.0, 0), new RunBounds(1, 0, null, 0));
        Path file = Files.createTempFile("fuzz", ".ckpt");
        try {
            CheckpointFile.write(file, RunSnapshot.capture(manifest, parameters, new Adam(parameters, 0), state));
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
