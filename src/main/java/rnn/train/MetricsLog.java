package rnn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import rnn.UserInputException;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * metrics.jsonl: one JSON object per line, appended (a resumed run continues the same file).
 * Training entries: {"step", "epoch", "loss", "lr", "charsPerSec"}; validation entries:
 * {"step", "epoch", "valLoss", "valBpc", "seconds"} (training time so far, across resumes, as --max-time counts it).
 * Losses are nats per character.
 */
final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Writer out;
    private final Path file;

    MetricsLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserInputException("cannot write " + file + " (" + e.getMessage() + "); check --checkpoint-dir");
        }
    }

    void training(long step, double epoch, double loss, double learningRate, double charsPerSecond) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("step", step).put("epoch", round(epoch)).put("loss", loss).put("lr", learningRate)
                .put("charsPerSec", Math.round(charsPerSecond));
        write(entry);
    }

    void validation(long step, double epoch, double valLoss, double seconds) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("step", step).put("epoch", round(epoch)).put("valLoss", valLoss).put("valBpc", valLoss / Math.log(2))
                .put("seconds", Math.round(seconds * 10) / 10.0);
        write(entry);
    }

    private static double round(double epoch) {
        return Math.round(epoch * 1000) / 1000.0;
    }

    private void write(ObjectNode entry) {
        try {
            out.write(JSON.writeValueAsString(entry));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new TrainingFailedException("cannot append to " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // every line was flushed when written
        }
    }
}
