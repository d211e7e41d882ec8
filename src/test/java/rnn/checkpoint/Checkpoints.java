package rnn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** Test helper: parses a checkpoint's bytes from memory, as rnn parses a file. */
final class Checkpoints {
    private Checkpoints() {
    }

    static Checkpoint parse(byte[] bytes) {
        try {
            return CheckpointFile.parse(new BytesChannel(bytes), name -> true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A read-only seekable channel over a byte array. */
    private static final class BytesChannel implements SeekableByteChannel {
        private final byte[] bytes;
        private long position;

        BytesChannel(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(ByteBuffer target) {
            if (position >= bytes.length) {
                return -1;
            }
            int count = (int) Math.min(target.remaining(), bytes.length - position);
            target.put(bytes, (int) position, count);
            position += count;
            return count;
        }

        @Override
        public int write(ByteBuffer source) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
