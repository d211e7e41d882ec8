package rnn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file whole: the content goes to a temporary file beside it, is forced to disk, and is renamed
 * over the target. Readers, and a crash at any moment, see the old complete file or the new complete one,
 * never a torn one. On failure the temporary file is removed and the old file is as it was.
 */
public final class AtomicWrite {
    /** Writes the new content to the file it is given (which does not exist yet, or is to be overwritten). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicWrite() {
    }

    /** @param temporary where the content is written first; in the target's directory, so the rename is atomic */
    public static void replace(Path target, Path temporary, Content content) throws IOException {
        try {
            content.writeTo(temporary);
            try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                written.force(true); // the data is on disk before the name points at it
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw e;
        }
        Path directory = target.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true); // and the rename too
        } catch (IOException ignored) {
            // not every file system lets a directory be fsync'd; the rename itself is still atomic
        }
    }
}
