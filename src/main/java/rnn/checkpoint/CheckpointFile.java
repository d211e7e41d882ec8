package rnn.checkpoint;

import rnn.AtomicWrite;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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

    private CheckpointFile() {
    }

    /** Writes atomically: readers see the old complete file or the new complete file, never a torn one. */
    public static void write(Path target, Checkpoint checkpoint) {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(directory);
            AtomicWrite.replace(target, temporary, file -> {
                try (OutputStream out = Files.newOutputStream(file)) {
                    writeTo(out, checkpoint);
                }
            });
        } catch (IOException e) {
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
        // Flushed, not closed: the caller owns the stream.
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
        out.write(MAGIC);
        out.writeInt(FORMAT_VERSION);
        byte[] manifest = ManifestJson.write(checkpoint.manifest());
        out.writeInt(manifest.length);
        out.write(manifest);
        out.writeInt(checkpoint.tensors().size());
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
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
            float[] data = tensor.data();
            for (int at = 0; at < data.length; at += chunk.capacity() / 4) { // big-endian, a chunk at a time
                int count = Math.min(chunk.capacity() / 4, data.length - at);
                chunk.clear();
                chunk.asFloatBuffer().put(data, at, count);
                out.write(chunk.array(), 0, count * 4);
            }
        }
        out.flush();
        int checksum = (int) crc.getValue();
        out.writeInt(checksum);
        out.flush();
    }

    /** Reads and fully validates a checkpoint; any problem is a one-line {@link CheckpointException}. */
    public static Checkpoint read(Path file) {
        return read(file, name -> true);
    }

    /**
     * Like {@link #read}, every byte checked, but only the weights ({@code param.*}) decoded: what
     * sampling, eval and info need. Adam's moments are two thirds of a training checkpoint, and decoding
     * them cost start-up time for nothing.
     */
    public static Checkpoint readWeights(Path file) {
        return read(file, name -> name.startsWith("param."));
    }

    /** Like {@link #read}, every byte checked, but no tensor decoded: the manifest alone. */
    public static Manifest readManifest(Path file) {
        return read(file, name -> false).manifest();
    }

    private static Checkpoint read(Path file, Predicate<String> decode) {
        if (Files.isDirectory(file)) {
            throw new CheckpointException(file + ": is a directory, not a checkpoint file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(channel, decode);
        } catch (CheckpointException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such checkpoint; train one with 'rnn train CORPUS' or name an existing one");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read (" + describe(e) + ")");
        }
    }

    /** A checkpoint from the bytes of a channel: a file, or memory in the tests. */
    static Checkpoint parse(SeekableByteChannel channel, Predicate<String> decode) throws IOException {
        long size = channel.size();
        if (size < MIN_FILE_BYTES) {
            throw new CheckpointException("not an rnn checkpoint (only " + size + " bytes)");
        }
        if (size > MAX_FILE_BYTES) {
            throw new CheckpointException("too large to be an rnn checkpoint (" + size + " bytes)");
        }
        return parse(new Input(channel, size), decode);
    }

    /**
     * Checks magic, version and checksum before parsing anything (the checksum by streaming the file
     * through one small buffer: allocating memory for a whole large file cost more than reading it),
     * then the manifest and the tensors, each declared length against the bytes actually there before
     * allocating for it. Tensors whose names {@code decode} rejects are checked and skipped.
     */
    private static Checkpoint parse(Input in, Predicate<String> decode) throws IOException {
        byte[] magic = in.bytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CheckpointException("not an rnn checkpoint (wrong magic bytes)");
        }
        int version = in.u32();
        if (version > FORMAT_VERSION || version < 1) {
            throw new CheckpointException("checkpoint format version " + Integer.toUnsignedString(version)
                    + " is not one this rnn reads (1.." + FORMAT_VERSION + "); use a newer rnn");
        }
        if (!in.checksumMatches()) {
            throw new CheckpointException(endsEarly(in)
                    ? "checkpoint is truncated: it ends before the tensors it declares (a copy or download that did not finish?); use another checkpoint"
                    : "checkpoint is damaged (checksum mismatch); use another checkpoint");
        }
        Manifest manifest = parseManifest(in);
        Map<String, Tensor> tensors = parseTensors(in, decode);
        if (in.remaining() > 0) {
            throw new CheckpointException("checkpoint has " + in.remaining() + " unexpected bytes after its tensors");
        }
        return new Checkpoint(manifest, version == 1 ? FormatV1.upgrade(tensors) : tensors);
    }

    /** Whether a file whose checksum failed is a whole file's beginning: its declared lengths run past its end. */
    private static boolean endsEarly(Input in) throws IOException {
        try {
            parseManifest(in);
            parseTensors(in, name -> false);
            return false;
        } catch (Truncated e) {
            return true;
        } catch (CheckpointException e) {
            return false;
        }
    }

    /** The file ends before what it declares. */
    private static final class Truncated extends CheckpointException {
        Truncated(String message) {
            super(message);
        }
    }

    private static Manifest parseManifest(Input in) throws IOException {
        int length = in.u32();
        if (length > in.remaining() && length <= MAX_MANIFEST_BYTES) {
            throw new Truncated("checkpoint is truncated");
        }
        if (length < 2 || length > MAX_MANIFEST_BYTES) {
            throw new CheckpointException("checkpoint manifest size " + Integer.toUnsignedString(length) + " is impossible");
        }
        return ManifestJson.read(in.bytes(length));
    }

    private static Map<String, Tensor> parseTensors(Input in, Predicate<String> decode) throws IOException {
        int count = in.u32();
        if (count < 0 || count > MAX_TENSORS) {
            throw new CheckpointException("checkpoint claims " + Integer.toUnsignedString(count) + " tensors");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int nameLength = in.u16();
            if (nameLength > in.remaining()) {
                throw new Truncated("checkpoint is truncated");
            }
            String name = new String(in.bytes(nameLength), StandardCharsets.UTF_8);
            if (in.u8() != FLOAT32) {
                throw new CheckpointException("tensor " + name + " has an unknown data type");
            }
            int rank = in.u8();
            if (rank > MAX_RANK) {
                throw new CheckpointException("tensor " + name + " has rank " + rank);
            }
            long[] shape = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.i64();
                if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) {
                    throw new CheckpointException("tensor " + name + " has an impossible dimension " + shape[d]);
                }
                elements *= shape[d]; // at most 2^29 * 2^31 here: no overflow
                if (elements > in.remaining() / 4) {
                    throw new Truncated("tensor " + name + " claims more values than the file holds");
                }
            }
            if (!names.add(name)) {
                throw new CheckpointException("tensor " + name + " appears twice");
            }
            if (decode.test(name)) {
                float[] values = in.floats((int) elements);
                requireFinite(name, values);
                tensors.put(name, new Tensor(shape, values));
            } else {
                in.skip(elements * 4);
            }
        }
        return tensors;
    }

    /**
     * A NaN or infinite value makes a model unusable (its every output is NaN: sampling prints one character
     * forever, eval scores NaN), whatever the checksum says: refused at load, not found later.
     */
    private static void requireFinite(String name, float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                throw new CheckpointException("tensor " + name + " holds " + value + " values, so the model cannot be used "
                        + "(the run that wrote it had diverged); use an earlier checkpoint");
            }
        }
    }

    /**
     * A checkpoint file read front to back through one buffer of up to 1 MB, its last 4 bytes (the
     * checksum) held apart. Big-endian, as written.
     */
    private static final class Input {
        private static final int CHUNK = 1 << 20;
        private final SeekableByteChannel channel;
        private final long end;                // where the checksum starts
        private final ByteBuffer buffer;

        Input(SeekableByteChannel channel, long size) {
            this.channel = channel;
            this.end = size - 4;
            this.buffer = ByteBuffer.allocate((int) Math.min(CHUNK, size)).order(ByteOrder.BIG_ENDIAN);
            buffer.limit(0);
        }

        /** Bytes between here and the checksum. */
        long remaining() throws IOException {
            return end - channel.position() + buffer.remaining();
        }

        /** CRC-32C of every byte before the checksum, against the checksum; leaves the position where it was. */
        boolean checksumMatches() throws IOException {
            long resume = channel.position() - buffer.remaining();
            CRC32C crc = new CRC32C();
            channel.position(0);
            long left = end;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                fill();
                left -= buffer.remaining();
                crc.update(buffer);
            }
            buffer.clear().limit(4);
            fill();
            int stored = buffer.getInt();
            channel.position(resume);
            buffer.clear().limit(0);
            return (int) crc.getValue() == stored;
        }

        byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            for (int at = 0; at < n; ) {
                int chunk = Math.min(need(n - at), n - at);
                buffer.get(out, at, chunk);
                at += chunk;
            }
            return out;
        }

        int u8() throws IOException {
            need(1);
            return buffer.get() & 0xFF;
        }

        int u16() throws IOException {
            return (u8() << 8) | u8();
        }

        int u32() throws IOException {
            return (u16() << 16) | u16();
        }

        long i64() throws IOException {
            return ((long) u32() << 32) | (u32() & 0xFFFFFFFFL);
        }

        float[] floats(int n) throws IOException {
            float[] out = new float[n];
            for (int at = 0; at < n; ) {
                int chunk = Math.min(need(4 * Math.min(n - at, buffer.capacity() / 4)) / 4, n - at);
                if (chunk == 0) {
                    throw new Truncated("checkpoint is truncated");
                }
                buffer.asFloatBuffer().get(out, at, chunk); // a bulk byte swap
                buffer.position(buffer.position() + 4 * chunk);
                at += chunk;
            }
            return out;
        }

        void skip(long n) throws IOException {
            long inBuffer = Math.min(n, buffer.remaining());
            buffer.position(buffer.position() + (int) inBuffer);
            channel.position(channel.position() + n - inBuffer);
            if (channel.position() > end) {
                throw new Truncated("checkpoint is truncated");
            }
        }

        /** Makes at least min(want, bytes left) bytes available (at least one); returns how many are. */
        private int need(int want) throws IOException {
            if (buffer.remaining() < Math.min(want, 4) || buffer.remaining() == 0) {
                buffer.compact();
                long room = Math.min(buffer.remaining(), end - channel.position());
                buffer.limit(buffer.position() + (int) room);
                fill();
            }
            if (buffer.remaining() == 0) {
                throw new Truncated("checkpoint is truncated");
            }
            return buffer.remaining();
        }

        /** Reads into the buffer up to its limit, then flips it for reading. */
        private void fill() throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
            buffer.flip();
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
