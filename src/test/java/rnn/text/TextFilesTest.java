package rnn.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TextFilesTest {
    @TempDir
    Path dir;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Test
    void aByteOrderMarkAtTheStartIsSkippedAndOneInsideIsText() throws Exception {
        Path file = dir.resolve("windows.txt");
        Files.write(file, concat(BOM, "ab".getBytes(), BOM, "c".getBytes()));
        assertArrayEquals(new int[] {'a', 'b', 0xFEFF, 'c'}, TextFiles.readCodePoints(file));
        assertArrayEquals(new int[] {'a', 'b', 0xFEFF, 'c'}, TextFiles.decodeUtf8(Files.readAllBytes(file), "stdin"));
    }

    @Test
    void eachFileLosesItsOwnMark() throws Exception {
        Path first = Files.write(dir.resolve("1.txt"), concat(BOM, "x".getBytes()));
        Path second = Files.write(dir.resolve("2.txt"), concat(BOM, "y".getBytes()));
        assertArrayEquals(new int[] {'x', 'y'}, TextFiles.readCodePoints(java.util.List.of(first, second)));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
