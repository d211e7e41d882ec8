package rnn.text;

import rnn.UserInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Reads text files as strict UTF-8 into code points: a character is a code point, never half a surrogate
 * pair. Files are decoded in 64 KB chunks, so reading one takes the same little memory whatever its size.
 */
public final class TextFiles {
    private static final int CHUNK = 1 << 16;

    private TextFiles() {
    }

    /**
     * Feeds the code points of one file, in order, to {@code sink}; malformed UTF-8 and NUL bytes are errors
     * naming the file and byte offset.
     */
    public static void scan(Path file, IntConsumer sink) {
        if (Files.isDirectory(file)) {
            throw new UserInputException(file + ": is a directory; give a text file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            decode(channel, file.toString(), sink);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UserInputException(file + ": permission denied");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Whether this names standard input ("-"), as in {@code rnn train -} and {@code rnn eval -}. */
    public static boolean isStdin(Path file) {
        return file.toString().equals("-");
    }

    /**
     * {@link #scan} for a text that will be read again: a source that can be read only once (stdin as "-", a
     * pipe such as bash's {@code <(...)}, a FIFO) is copied to a temporary file as it is decoded, and the copy is
     * returned to be read the second time (the caller deletes it); a regular file returns itself. Reading a pipe
     * twice found it empty the second time, and a FIFO's second open waited for a writer that never came.
     */
    public static Path scanRereadable(Path file, IntConsumer sink) {
        boolean stdin = isStdin(file);
        if (!stdin && (Files.isRegularFile(file) || Files.isDirectory(file) || Files.notExists(file))) {
            scan(file, sink);
            return file;
        }
        String name = stdin ? "stdin" : file.toString();
        Path copy = null;
        try {
            copy = Files.createTempFile("rnn-text-", ".txt");
            copy.toFile().deleteOnExit();
            try (ReadableByteChannel in = stdin ? Channels.newChannel(System.in) : Channels.newChannel(new java.io.FileInputStream(file.toFile()));
                 FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                decode(new Copying(in, out), name, sink);
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(copy);
            if (e instanceof UserInputException u) {
                throw u;
            }
            throw new UserInputException(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Deletes a copy made by {@link #scanRereadable}; the file given, if it was returned unchanged, is not one. */
    public static void deleteCopy(Path given, Path copy) {
        if (!copy.equals(given)) {
            deleteQuietly(copy);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file; deleteOnExit has it too
        }
    }

    /** A channel that writes what it reads to another. */
    private record Copying(ReadableByteChannel in, FileChannel out) implements ReadableByteChannel {
        @Override
        public int read(ByteBuffer target) throws IOException {
            int start = target.position();
            int n = in.read(target);
            if (n > 0) {
                ByteBuffer read = target.duplicate().flip().position(start);
                while (read.hasRemaining()) {
                    out.write(read);
                }
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The code points of all files, concatenated in order (for short texts: a prime, an evaluation file). */
    public static int[] readCodePoints(List<Path> files) {
        CodePoints all = new CodePoints();
        for (Path file : files) {
            scan(file, all);
        }
        return all.toArray();
    }

    /** The code points of one file. */
    public static int[] readCodePoints(Path file) {
        return readCodePoints(List.of(file));
    }

    /** The code points of UTF-8 bytes from {@code source} (named in errors), e.g. stdin. */
    public static int[] decodeUtf8(byte[] bytes, String source) {
        CodePoints all = new CodePoints();
        try {
            decode(Channels.newChannel(new ByteArrayInputStream(bytes)), source, all);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
        return all.toArray();
    }

    /**
     * Decodes one source. A byte-order mark at its start (U+FEFF, which Windows editors write) says how the
     * file is encoded, it is not text: it is skipped.
     */
    private static void decode(ReadableByteChannel channel, String source, IntConsumer text) throws IOException {
        boolean[] first = {true};
        IntConsumer sink = codePoint -> {
            if (first[0]) {
                first[0] = false;
                if (codePoint == 0xFEFF) {
                    return;
                }
            }
            text.accept(codePoint);
        };
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(CHUNK);
        CharBuffer out = CharBuffer.allocate(CHUNK);
        long offset = 0; // byte offset in the source of in's index 0
        boolean end = false;
        while (true) {
            if (!end) {
                int start = in.position();
                end = channel.read(in) < 0;
                for (int i = start; i < in.position(); i++) {
                    if (in.get(i) == 0) { // valid UTF-8, but no text file has NUL bytes: an image, an archive, a model
                        throw new UserInputException(source + ": looks like a binary file (NUL byte at offset "
                                + (offset + i) + "); give a UTF-8 text file");
                    }
                }
            }
            in.flip();
            CoderResult result = decoder.decode(in, out, end);
            if (result.isError()) {
                throw new UserInputException(source + ": not valid UTF-8 at byte offset " + (offset + in.position())
                        + "; convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)");
            }
            boolean done = end && result.isUnderflow();
            if (done) {
                decoder.flush(out);
            }
            emit(out, sink);
            if (done) {
                return;
            }
            offset += in.position();
            in.compact();
        }
    }

    /** Passes on the decoded chars as code points; a high surrogate at the end waits for its low half. */
    private static void emit(CharBuffer out, IntConsumer sink) {
        out.flip();
        while (out.hasRemaining()) {
            char c = out.get();
            if (Character.isHighSurrogate(c)) {
                if (!out.hasRemaining()) {
                    out.position(out.position() - 1);
                    break;
                }
                sink.accept(Character.toCodePoint(c, out.get())); // the strict decoder emits only whole pairs
            } else {
                sink.accept(c);
            }
        }
        out.compact();
    }

    /** A growing int[] of code points. */
    private static final class CodePoints implements IntConsumer {
        private int[] values = new int[1024];
        private int size;

        @Override
        public void accept(int codePoint) {
            if (size == values.length) {
                if (size > Integer.MAX_VALUE / 2 - 16) {
                    throw new UserInputException("the text holds more than 2^30 characters; give a shorter one");
                }
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = codePoint;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
