package rnn.train;

import rnn.UserInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The checkpoint directory of a training run, held for the life of the run.
 * <p>
 * One run writes a directory at a time: an OS lock on {@code .train.lock} (fcntl on Linux and macOS), which the
 * kernel releases when the process ends however it ends, so a run killed with {@code kill -9} leaves nothing that
 * blocks the next one. The file itself stays (deleting a lock file races with a run opening it); it holds the
 * process id of the run that last locked it, for the message a second run prints. Readers (sample, eval, info,
 * plot) never lock: every file they read is replaced whole, by rename.
 */
public final class RunDirectory implements AutoCloseable {
    static final String LOCK = ".train.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final List<String> removed = new ArrayList<>();

    private RunDirectory(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it for this run. A new run ({@code resumed} false) must not
     * silently replace another run's checkpoints: it is refused where latest.ckpt or best.ckpt exist, unless
     * {@code overwrite}, which removes what the old run left (metrics, chart, kept checkpoints).
     */
    public static RunDirectory claim(Path dir, boolean resumed, boolean overwrite) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException("--checkpoint-dir " + dir + " is a file; name a directory");
        }
        if (Files.isSymbolicLink(dir) && Files.notExists(dir)) {
            throw new UserInputException("--checkpoint-dir " + dir + " is a symbolic link to " + target(dir)
                    + ", which does not exist; create that directory or pick another --checkpoint-dir");
        }
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserInputException("cannot create --checkpoint-dir " + dir + " (permission denied on " + e.getFile() + ")");
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UserInputException("cannot create --checkpoint-dir " + dir + ": " + e.getFile() + " is in the way, and not a directory");
        } catch (IOException e) {
            throw new UserInputException("cannot create --checkpoint-dir " + dir + " (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new UserInputException("--checkpoint-dir " + dir + " is not writable");
        }
        RunDirectory claimed = lock(dir);
        try {
            if (!resumed) {
                claimed.clearForNewRun(dir, overwrite);
            }
            return claimed;
        } catch (RuntimeException e) {
            claimed.close();
            throw e;
        }
    }

    private static RunDirectory lock(Path dir) {
        Path file = dir.resolve(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserInputException("cannot create " + file + " (" + e.getMessage() + "); check --checkpoint-dir");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this process already trains into it (tests run several commands in one JVM)
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UserInputException("cannot lock " + file + " (" + e.getMessage() + "); check --checkpoint-dir");
        }
        if (lock == null) {
            String holder = holder(channel);
            closeQuietly(channel);
            throw new UserInputException("another rnn train" + holder + " is writing to --checkpoint-dir " + dir
                    + "; wait for it to end, or pick another --checkpoint-dir");
        }
        try { // who holds it, for the message above; the lock, not this text, is what excludes
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
        } catch (IOException e) {
            // a full disk: the lock holds all the same, only the message of a second run loses the process id
        }
        return new RunDirectory(channel, lock);
    }

    /**
     * The process id of a training run now writing {@code dir}, if there is one: the id in its lock file, of a
     * process alive and running Java. Readers ask it when a checkpoint is missing (a run that has not saved yet);
     * they read the file, never lock it, so a reader cannot keep a run from starting.
     */
    public static OptionalLong runningIn(Path dir) {
        try {
            String pid = Files.readString(dir.resolve(LOCK), StandardCharsets.US_ASCII).strip();
            if (pid.matches("\\d{1,18}")) {
                boolean runsJava = ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                        .flatMap(p -> p.info().command()).map(command -> command.endsWith("java")).orElse(false);
                if (runsJava) {
                    return OptionalLong.of(Long.parseLong(pid));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no lock file, or not readable: no run we can see
        }
        return OptionalLong.empty();
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a missing path";
        }
    }

    /** " (process 1234)" from the lock file, or "" if it names none. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer content = ByteBuffer.allocate(32);
            channel.read(content, 0);
            String pid = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,18}") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void clearForNewRun(Path dir, boolean overwrite) {
        boolean hasRun = Files.exists(dir.resolve(Trainer.LATEST)) || Files.exists(dir.resolve(Trainer.BEST));
        if (hasRun && !overwrite) {
            throw new UserInputException(dir + " already holds a run's checkpoints; continue it with --resume "
                    + dir.resolve(Trainer.LATEST) + ", pick another --checkpoint-dir, or pass --overwrite");
        }
        if (!hasRun) {
            return;
        }
        try { // --overwrite: nothing of the old run may pass for the new one's (latest.ckpt is replaced at the first save)
            for (String name : new String[] {Trainer.BEST, Trainer.METRICS, Trainer.LOSS_CHART}) {
                if (Files.deleteIfExists(dir.resolve(name))) {
                    removed.add(name);
                }
            }
            int kept = 0;
            try (var snapshots = Files.newDirectoryStream(dir, "step-*.ckpt")) {
                for (Path file : snapshots) {
                    Files.delete(file);
                    kept++;
                }
            }
            if (kept > 0) {
                removed.add(kept + " kept checkpoint" + (kept == 1 ? "" : "s") + " (step-*.ckpt)");
            }
        } catch (IOException e) {
            throw new UserInputException("cannot clear the old run from --checkpoint-dir " + dir + " (" + e.getMessage() + ")");
        }
    }

    /** What --overwrite removed of the old run, for the line that says so; empty otherwise. */
    public List<String> removed() {
        return List.copyOf(removed);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases nothing we still need
        }
    }

    /** Releases the lock (the process ending releases it too). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close below releases it as well
        }
        closeQuietly(channel);
    }
}
