package rnn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import rnn.AtomicWrite;
import rnn.UserInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * metrics.jsonl: one JSON object per line, appended. A resumed run continues the file from its checkpoint's
 * step (entries written after that checkpoint, by a run that was then killed, are dropped); a new run,
 * at step 0, starts it afresh.
 * Training entries: {"step", "epoch", "loss", "lr", "charsPerSec"} (null until a speed is measured); validation entries:
 * {"step", "epoch", "valLoss", "valBpc", "seconds"} (training time so far, across resumes, as --max-time counts it).
 * Losses are nats per character.
 * <p>
 * The log is a record, not the run: an entry that cannot be written (a full disk) is dropped with one warning
 * for the run, the file is cut back to its last whole line, and training goes on; the checkpoints, whose
 * writes stop the run when they fail, are what must not be lost. Entries are written again once the disk
 * has room, so the log then has a gap and nothing torn.
 */
final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileChannel out;
    private final Path file;
    private final Consumer<String> warning;
    private boolean warned;

    /** The log of a run at {@code step}: the entries up to that step kept, any later ones dropped. */
    static MetricsLog continuing(Path file, long step, Consumer<String> warning) {
        try {
            if (Files.exists(file)) {
                List<String> kept = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (stepOf(line) <= step) {
                        kept.add(line);
                    }
                }
                AtomicWrite.replace(file, file.resolveSibling("." + file.getFileName() + ".tmp"),
                        temporary -> Files.write(temporary, kept, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UserInputException("cannot rewrite " + file + " (" + e.getMessage() + "); check --checkpoint-dir");
        }
        return new MetricsLog(file, warning);
    }

    /** The "step" of an entry; a line that is not one (e.g. cut short by a crash) counts as past every step. */
    private static long stepOf(String line) {
        try {
            return JSON.readTree(line).get("step").asLong();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    MetricsLog(Path file, Consumer<String> warning) {
        this.file = file;
        this.warning = warning;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserInputException("cannot write " + file + " (" + e.getMessage() + "); check --checkpoint-dir");
        }
    }

    void training(long step, double epoch, double loss, double learningRate, double charsPerSecond) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("step", step).put("epoch", round(epoch)).put("loss", loss).put("lr", learningRate);
        if (charsPerSecond > 0) {
            entry.put("charsPerSec", Math.round(charsPerSecond));
        } else {
            entry.putNull("charsPerSec"); // not measured yet: the first window of training time has not closed
        }
        write(entry);
    }

    void validation(long step, double epoch, double valLoss, double seconds) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("step", step).put("epoch", round(epoch)).put("valLoss", valLoss).put("valBpc", valLoss / Math.log(2))
                .put("seconds", Math.round(seconds * 10) / 10.0);
        write(entry);
    }

    /**
     * A rollback (--on-divergence rollback): the entries after {@code back} are dropped, as a resume from that
     * checkpoint drops them, and one entry says what happened: {"step": back, "rollback": {"divergedAt",
     * "reason", "lrScale"}}. Entries are in step order, so the file is cut at the first later one.
     */
    void rollback(long back, long divergedAt, String reason, double lrScale) {
        try {
            long offset = 0;
            for (String line : Files.readString(file, StandardCharsets.UTF_8).split("(?<=\n)")) {
                if (stepOf(line.strip()) > back) {
                    cutBackTo(offset);
                    break;
                }
                offset += line.getBytes(StandardCharsets.UTF_8).length;
            }
        } catch (IOException e) {
            warning.accept("warning: cannot rewind " + file + " (" + e.getMessage() + "); its entries after step " + back + " stay");
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.put("step", back).putObject("rollback").put("divergedAt", divergedAt).put("reason", reason).put("lrScale", lrScale);
        write(entry);
    }

    private static double round(double epoch) {
        return Math.round(epoch * 1000) / 1000.0;
    }

    private void write(ObjectNode entry) {
        long whole = -1;
        try {
            ByteBuffer line = ByteBuffer.wrap((JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            whole = out.size();
            while (line.hasRemaining()) {
                out.write(line);
            }
        } catch (IOException e) {
            cutBackTo(whole);
            if (!warned) {
                warned = true;
                warning.accept("warning: cannot append to " + file + " (" + e.getMessage()
                        + "); training goes on, and its entries are dropped until the disk has room");
            }
        }
    }

    /** Drops a line written in part: truncation needs no free space. */
    private void cutBackTo(long size) {
        try {
            if (size >= 0 && out.size() > size) {
                out.truncate(size);
            }
        } catch (IOException ignored) {
            // a torn last line is skipped by every reader of the log
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // every line was written through when it was appended
        }
    }
}
