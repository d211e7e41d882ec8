package rnn.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoint file format, version 2 (version 1 is read too: {@link FormatV1}). All integers and
 * floats are big-endian.
 * <pre>
 *   magic          8 bytes   0x89 'R' 'N' 'N' '\r' '\n' 0x1A '\n'
 *   version        u32       2
 *   manifest size  u32       at most 16 MiB
 *   manifest       UTF-8 JSON ({@link Manifest})
 *   tensor count   u32       at most 4096
 *   per tensor:    name size u16, name UTF-8, dtype u8 (1 = float32), rank u8 (at most 4),
 *                  dims i64 x rank, values float32 x product(dims)
 *   checksum       u32       CRC-32C of every byte before it
 * </pre>
 * Writing is atomic: a temporary file in the same directory, flushed and fsync'd, then renamed over
 * the target. Reading checks the size, magic, version and checksum before parsing anything, and
 * checks every declared length against the bytes actually there before allocating for it.
 */
public final class CheckpointFile {
    public static final int FORMAT_VERSION = 2;
    static final byte[] MAGIC = {(byte) 0x89, 'R', 'N', 'N', '\r', '\n', 0x1A, '\n'};
    static final int MAX_MANIFEST_BYTES = 16 << 20;
    static final int MAX_TENSORS = 4096;
    static final int MAX_RANK = 4;
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64;
    private static final byte FLOAT32 = 1;
    private static final int MIN_FILE_BYTES = MAGIC.length + 4 + 4 + 4 + 4;

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private CheckpointFile() {
    }

    /** Writes atomically: readers see the old complete file or the new complete file, never a torn one. */
    public static void write(Path target, Checkpoint checkpoint) {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                writeTo(Channels.newOutputStream(channel), checkpoint);
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(directory);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw new CheckpointWriteException("cannot write checkpoint " + target + ": " + describe(e)
                    + "; the previous checkpoint there is unchanged", e);
        }
    }

    /**
     * Removes temporary files left by writers that were killed mid-write (their process is gone).
     * They never replace a checkpoint, since only a complete file is renamed into place.
     */
    public static void removeStaleTemporaries(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher name = TEMPORARY.matcher(file.getFileName().toString());
                boolean writerGone = name.matches()
                        && ProcessHandle.of(Long.parseLong(name.group(1))).map(p -> !p.isAlive()).orElse(true);
                if (writerGone) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // harmless: it is never read as a checkpoint
                    }
                }
            });
        } catch (IOException ignored) {
            // the run will report the directory's problem when it writes
        }
    }

    /** .NAME.ckpt.PID.tmp, as {@link #write} names its temporary files. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.ckpt\\.(\\d{1,18})\\.tmp");

    private static void writeTo(OutputStream raw, Checkpoint checkpoint) throws IOException {
        CRC32C crc = new CRC32C();
        // Not closed here: closing would close the channel before it is fsync'd.
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
        out.write(MAGIC);
        out.writeInt(FORMAT_VERSION);
        byte[] manifest = JSON.writeValueAsBytes(checkpoint.manifest());
        out.writeInt(manifest.length);
        out.write(manifest);
        out.writeInt(checkpoint.tensors().size());
        for (Map.Entry<String, Tensor> entry : checkpoint.tensors().entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
            Tensor tensor = entry.getValue();
            out.writeShort(name.length);
            out.write(name);
            out.writeByte(FLOAT32);
            out.writeByte(tensor.shape().length);
            for (long dim : tensor.shape()) {
                out.writeLong(dim);
            }
            ByteBuffer values = ByteBuffer.allocate(tensor.data().length * 4);
            values.asFloatBuffer().put(tensor.data());
            out.write(values.array());
        }
        out.flush();
        int checksum = (int) crc.getValue();
        out.writeInt(checksum);
        out.flush();
    }

    /** Reads and fully validates a checkpoint; any problem is a one-line {@link CheckpointException}. */
    public static Checkpoint read(Path file) {
        byte[] bytes = readBytes(file);
        try {
            return parse(bytes);
        } catch (CheckpointException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new CheckpointException(file + ": is a directory, not a checkpoint file");
            }
            long size = Files.size(file);
            if (size < MIN_FILE_BYTES) {
                throw new CheckpointException(file + ": not an rnn checkpoint (only " + size + " bytes)");
            }
            if (size > MAX_FILE_BYTES) {
                throw new CheckpointException(file + ": too large to be an rnn checkpoint (" + size + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such checkpoint; train one with 'rnn train CORPUS' or name one with -c");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read (" + describe(e) + ")");
        }
    }

    static Checkpoint parse(byte[] bytes) {
        if (bytes.length < MIN_FILE_BYTES || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CheckpointException("not an rnn checkpoint (wrong magic bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version > FORMAT_VERSION || version < 1) {
            throw new CheckpointException("checkpoint format version " + Integer.toUnsignedString(version)
                    + " is not one this rnn reads (1.." + FORMAT_VERSION + "); use a newer rnn");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new CheckpointException("checkpoint is damaged (checksum mismatch); use another checkpoint");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        body.position(MAGIC.length + 4);
        try {
            Manifest manifest = parseManifest(body);
            Map<String, Tensor> tensors = parseTensors(body);
            if (body.hasRemaining()) {
                throw new CheckpointException("checkpoint has " + body.remaining() + " unexpected bytes after its tensors");
            }
            return new Checkpoint(manifest, version == 1 ? FormatV1.upgrade(tensors) : tensors);
        } catch (BufferUnderflowException e) {
            throw new CheckpointException("checkpoint is truncated");
        }
    }

    private static Manifest parseManifest(ByteBuffer in) {
        int length = in.getInt();
        if (length < 2 || length > MAX_MANIFEST_BYTES || length > in.remaining()) {
            throw new CheckpointException("checkpoint manifest size " + Integer.toUnsignedString(length) + " is impossible");
        }
        byte[] json = new byte[length];
        in.get(json);
        Manifest manifest;
        try {
            manifest = JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new CheckpointException("checkpoint manifest is invalid (" + firstLine(rootCause(e)) + ")");
        }
        if (manifest == null || manifest.architecture() == null || manifest.vocabulary() == null
                || manifest.training() == null || manifest.progress() == null) {
            throw new CheckpointException("checkpoint manifest is incomplete");
        }
        return manifest;
    }

    private static Map<String, Tensor> parseTensors(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > MAX_TENSORS) {
            throw new CheckpointException("checkpoint claims " + Integer.toUnsignedString(count) + " tensors");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int nameLength = Short.toUnsignedInt(in.getShort());
            if (nameLength > in.remaining()) {
                throw new CheckpointException("checkpoint is truncated");
            }
            byte[] nameBytes = new byte[nameLength];
            in.get(nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            if (in.get() != FLOAT32) {
                throw new CheckpointException("tensor " + name + " has an unknown data type");
            }
            int rank = in.get();
            if (rank < 0 || rank > MAX_RANK) {
                throw new CheckpointException("tensor " + name + " has rank " + rank);
            }
            long[] shape = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.getLong();
                if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) {
                    throw new CheckpointException("tensor " + name + " has an impossible dimension " + shape[d]);
                }
                elements *= shape[d]; // at most 2^29 * 2^31 here: no overflow
                if (elements > in.remaining() / 4) {
                    throw new CheckpointException("tensor " + name + " claims more values than the file holds");
                }
            }
            float[] values = new float[(int) elements];
            in.asFloatBuffer().get(values);
            in.position(in.position() + values.length * 4);
            if (tensors.put(name, new Tensor(shape, values)) != null) {
                throw new CheckpointException("tensor " + name + " appears twice");
            }
        }
        return tensors;
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }

    private static String firstLine(Throwable e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a directory be fsync'd; the rename itself is still atomic.
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
