package rnn.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;

/**
 * The process's stdout, remembering why a write failed. PrintWriter swallows the IOException; this keeps
 * it, so that a reader that went away ({@code rnn sample | head}) ends the command quietly, as it ends
 * {@code yes}, while a full disk is still an error.
 */
final class Stdout extends FilterOutputStream {
    private volatile IOException failure;

    Stdout() {
        super(new FileOutputStream(FileDescriptor.out));
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** True if writing failed because the reading end of the pipe was closed (EPIPE). */
    boolean readerWentAway() {
        return failure != null && "Broken pipe".equals(failure.getMessage());
    }

    /** Why writing failed, or null. */
    IOException failure() {
        return failure;
    }
}
