package rnn.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import rnn.AtomicWrite;
import rnn.UserInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's weights as a safetensors file (Hugging Face's format: https://github.com/huggingface/safetensors),
 * for other tools: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
 * and byte range, then the float32 values, little-endian, row-major. The header's "__metadata__" (strings
 * only, as the format wants) holds what a reader needs to use the weights: "architecture" (JSON: cell,
 * layers, hidden, embed, vocabSize), "vocabulary" (JSON array of code points, the id order), "format"
 * ("rnn-weights-1") and "createdBy". Tensor names and shapes are those of the checkpoint's weights
 * (docs/checkpoint-format.md), e.g. layer0.wx [E, G*H].
 */
public final class SafetensorsFile {
    public static final String FORMAT = "rnn-weights-1";

    private SafetensorsFile() {
    }

    /** Writes the checkpoint's weights (not the optimizer's moments or carried state) atomically. */
    public static void write(Path target, Checkpoint checkpoint) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        long offset = 0;
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        checkpoint.tensors().forEach((name, tensor) -> {
            if (name.startsWith("param.")) {
                tensors.put(name.substring("param.".length()), tensor);
            }
        });
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            long bytes = 4L * entry.getValue().data().length;
            ObjectNode info = header.putObject(entry.getKey()).put("dtype", "F32");
            info.putArray("shape").addAll(java.util.Arrays.stream(entry.getValue().shape())
                    .mapToObj(json.getNodeFactory()::numberNode).toList());
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        Manifest manifest = checkpoint.manifest();
        ObjectNode architecture = json.createObjectNode().put("cell", manifest.architecture().cell().flagName())
                .put("layers", manifest.architecture().layers()).put("hidden", manifest.architecture().hidden())
                .put("embed", manifest.architecture().embed()).put("vocabSize", manifest.architecture().vocabSize());
        header.putObject("__metadata__").put("format", FORMAT).put("createdBy", manifest.createdBy())
                .put("architecture", architecture.toString())
                .put("vocabulary", json.valueToTree(manifest.vocabulary()).toString());
        byte[] headerBytes;
        try {
            headerBytes = json.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        int padded = (headerBytes.length + 7) / 8 * 8; // the data starts 8-byte aligned; the format pads with spaces
        Path absolute = target.toAbsolutePath();
        if (!Files.isDirectory(absolute.getParent())) {
            throw new UserInputException("cannot write " + target + ": no such directory " + absolute.getParent());
        }
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            AtomicWrite.replace(absolute, temporary, file -> {
                try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
                    out.write(headerBytes);
                    out.write(" ".repeat(padded - headerBytes.length).getBytes(StandardCharsets.US_ASCII));
                    ByteBuffer values = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                    for (Tensor tensor : tensors.values()) {
                        for (float v : tensor.data()) {
                            if (!values.hasRemaining()) {
                                out.write(values.array(), 0, values.position());
                                values.clear();
                            }
                            values.putFloat(v);
                        }
                    }
                    out.write(values.array(), 0, values.position());
                }
            });
        } catch (IOException e) {
            throw new CheckpointWriteException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
