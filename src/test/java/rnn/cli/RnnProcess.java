package rnn.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** rnn as a real child process (same class path as the tests, JVM options as the launcher's), for signals and kill -9. */
final class RnnProcess implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
    private final StringBuffer err = new StringBuffer();

    /**
     * The arguments of an endless tiny training run (one layer, a progress line every step) into
     * {@code checkpoints}, on a repetitive corpus written into {@code dir} once; {@code extra} is appended.
     */
    static String[] tinyTraining(Path dir, Path checkpoints, String... extra) throws IOException {
        Path corpus = dir.resolve("c.txt");
        if (!java.nio.file.Files.exists(corpus)) {
            java.nio.file.Files.writeString(corpus, "the quick brown fox jumps over the lazy dog\n".repeat(300));
        }
        List<String> args = new ArrayList<>(List.of("train", corpus.toString(), "--layers", "1", "--batch", "4",
                "--seq-len", "20", "--epochs", "0", "--print-every", "1", "--checkpoint-dir", checkpoints.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    RnnProcess(Path stdout, String... args) throws IOException {
        this(List.of(), stdout, args);
    }

    RnnProcess(List<String> jvmOptions, Path stdout, String... args) throws IOException {
        this(List.of(), jvmOptions, stdout, args);
    }

    /** Started under nohup: hang-ups ignored from the start, as for a run a user detached from the terminal. */
    static RnnProcess underNohup(Path stdout, String... args) throws IOException {
        return new RnnProcess(List.of("nohup"), List.of(), stdout, args);
    }

    private RnnProcess(List<String> prefix, List<String> jvmOptions, Path stdout, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (args.length > 0 && args[0].equals("train")) { // as the rnn launcher runs it
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "rnn.cli.Main"));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    err.append(line).append('\n');
                    errLines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until stderr shows a line starting with the prefix. */
    void awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String line = errLines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return;
            }
            if (line == null && !process.isAlive()) {
                throw new AssertionError("process ended before '" + prefix + "':\n" + err);
            }
        }
        throw new AssertionError("no line '" + prefix + "' within 120 s:\n" + err);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after 120 s:\n" + err);
        }
        Thread.sleep(100); // let the reader drain stderr
        return process.exitValue();
    }

    /** Resident set size now, from /proc (Linux). */
    long residentKilobytes() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
