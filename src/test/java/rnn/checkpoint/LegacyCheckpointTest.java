package rnn.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnn.config.CellType;
import rnn.config.LrSchedule;
import rnn.config.RunBounds;
import rnn.model.SavedModel;
import rnn.sample.Sampler;
import rnn.sample.SamplingStrategy;
import rnn.text.Corpus;
import rnn.train.ProgressReporter;
import rnn.train.RunLimits;
import rnn.train.RunSnapshot;
import rnn.train.Trainer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints are kept for years: every format version ever released must keep loading and keep
 * meaning the same model. Each fixture in src/test/resources/checkpoints was written by the rnn named
 * in it; the expected texts were recorded from that rnn when the fixture was made.
 */
class LegacyCheckpointTest {
    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(LegacyCheckpointTest.class.getResource("/checkpoints/" + name).toURI());
    }

    /** Format 1, written by rnn 0.1.0 on 2026-11-25: lstm 2 x 16, embed 8, 40 steps on a short verse. */
    @Test
    void formatVersion1LoadsAndGeneratesWhatItDidWhenWritten() throws Exception {
        Checkpoint checkpoint = CheckpointFile.read(fixture("format-v1-lstm.ckpt"));
        Manifest manifest = checkpoint.manifest();
        assertEquals(1, manifest.formatVersion());
        assertEquals("rnn 0.1.0", manifest.createdBy());
        assertEquals(CellType.LSTM, manifest.architecture().cell());
        assertEquals(21, SavedModel.vocabulary(checkpoint).size());
        assertEquals(40, manifest.progress().step());
        assertEquals(2.1768997199833393, manifest.progress().bestValLoss(), 0.0);
        assertTrue(RunSnapshot.resumable(checkpoint), "a resumable checkpoint");
        assertEquals(1.0, manifest.training().forgetBias(), 0.0, "written before --forget-bias: its runs started at 1");
        assertEquals(LrSchedule.CONSTANT, manifest.training().schedule(), "written before --lr-schedule, with --lr-decay 1");
        assertEquals(0, manifest.training().warmup());
        assertEquals(0, manifest.training().weightDecay(), 0.0, "written before --weight-decay: none");
        assertEquals(0, manifest.training().weightDrop(), 0.0, "written before --weight-drop: none");
        assertEquals(0, manifest.bounds().patience(), "written before --patience: no early stopping");
        assertEquals(0, manifest.progress().sinceBest());

        // Re-recorded on 2026-11-25 when sampling began to feed a newline before the prime (same checkpoint).
        assertEquals("Shall    a mmmaa   ma  h  a   mah   a mmah   a  ma h   a ma   h a\n",
                sample(checkpoint, SamplingStrategy.of(0, 0, 1), 60, 0));
        assertEquals("Shallll smc t upspmaesIay eh ll reet mammr m’\n",
                sample(checkpoint, SamplingStrategy.of(1, 0, 1), 40, 7));
    }

    /** A format-1 run resumes: its weights and Adam's moments are converted to the fused layout as read. */
    @Test
    void formatVersion1ResumesTraining(@TempDir Path dir) throws Exception {
        Checkpoint checkpoint = CheckpointFile.read(fixture("format-v1-lstm.ckpt"));
        Corpus text = Corpus.load(List.of(fixture("format-v1-lstm.txt")), SavedModel.vocabulary(checkpoint),
                Corpus.Holdout.tail(checkpoint.manifest().training().valFrac()));
        Trainer trainer = Trainer.resume(checkpoint, text, new RunLimits(new RunBounds(0, 43, null, 0), 100, 0, 0, 100), dir,
                new ProgressReporter(new PrintWriter(new StringWriter()), ProgressReporter.Mode.QUIET), 1);
        assertEquals(Trainer.Outcome.COMPLETED, trainer.run(() -> false));
        Checkpoint resumed = CheckpointFile.read(dir.resolve(Trainer.LATEST));
        assertEquals(43, resumed.manifest().progress().step());
        assertEquals(CheckpointFile.FORMAT_VERSION, resumed.manifest().formatVersion());
        double loss = resumed.manifest().progress().trainLoss();
        assertTrue(loss > 0 && loss < 2.5, "three more steps continue where the run was (train loss 2.05 at step 40): " + loss);
    }

    /** Format 2, written by rnn 0.1.0 on 2026-11-26: gru 2 x 16, embed 8, 40 steps on the same verse. */
    @Test
    void formatVersion2LoadsAndGeneratesWhatItDidWhenWritten() throws Exception {
        Checkpoint checkpoint = CheckpointFile.read(fixture("format-v2-gru.ckpt"));
        Manifest manifest = checkpoint.manifest();
        assertEquals(2, manifest.formatVersion());
        assertEquals(CellType.GRU, manifest.architecture().cell());
        assertEquals(21, SavedModel.vocabulary(checkpoint).size());
        assertEquals(40, manifest.progress().step());
        assertTrue(RunSnapshot.resumable(checkpoint), "a resumable checkpoint");
        // Re-recorded on 2026-11-26 when sampling began to read the prime after a blank line where the model
        // finds it likelier there (this one does); same checkpoint.
        assertEquals("Shall th to a to a to a to a to a to a to a to a to a to a to a t\n",
                sample(checkpoint, SamplingStrategy.of(0, 0, 1), 60, 0));
        assertEquals("Shalle? to Is umpmhdepaer he rmar ht halce ls\n",
                sample(checkpoint, SamplingStrategy.of(1, 0, 1), 40, 7));
    }

    private static String sample(Checkpoint checkpoint, SamplingStrategy strategy, int length, long seed) {
        StringWriter out = new StringWriter();
        new Sampler(SavedModel.characterModel(checkpoint), SavedModel.vocabulary(checkpoint), strategy, 1)
                .generate(new Sampler.Request("Shall", length, 1, null, seed), out);
        return out.toString();
    }
}
