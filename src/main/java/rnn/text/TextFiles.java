package rnn.text;

import rnn.UserInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads text files as strict UTF-8 into code points: a character is a code point, never half a surrogate pair. */
public final class TextFiles {
    private TextFiles() {
    }

    /** The code points of all files, concatenated in order. */
    public static int[] readCodePoints(List<Path> files) {
        int[][] parts = new int[files.size()][];
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            parts[i] = readCodePoints(files.get(i));
            total += parts[i].length;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new UserInputException("the text files hold " + total + " characters; at most 2^31 are supported");
        }
        int[] all = new int[(int) total];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** The code points of one file; malformed UTF-8 is an error naming the file and byte offset. */
    public static int[] readCodePoints(Path file) {
        byte[] bytes = readBytes(file);
        return decodeUtf8(bytes, file.toString());
    }

    public static int[] decodeUtf8(byte[] bytes, String source) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) { // valid UTF-8, but no text file has NUL bytes: an image, an archive, a model
                throw new UserInputException(source + ": looks like a binary file (NUL byte at offset " + i
                        + "); give a UTF-8 text file");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, chars, true);
        if (result.isError()) {
            throw new UserInputException(source + ": not valid UTF-8 at byte offset " + in.position()
                    + "; convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)");
        }
        decoder.flush(chars);
        chars.flip();
        return chars.codePoints().toArray();
    }

    private static byte[] readBytes(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserInputException(file + ": is a directory; give a text file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (OutOfMemoryError e) {
            throw new UserInputException(file + ": too large to read into memory");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
