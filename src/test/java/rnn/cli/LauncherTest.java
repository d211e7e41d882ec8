package rnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ./rnn launcher as users run it (on the test class path, through RNN_CLASSPATH): the Vector API is
 * on for train and for sample --num-samples, and the JDK's warning about it never reaches stderr, while
 * anything else the JVM prints does. Stdout carries only the product either way.
 */
class LauncherTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    static Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run rnn(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("rnn").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("RNN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "rnn finishes");
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theVectorApiIsOnWhereItPaysAndOnlyThereTheJdkSaysSo() throws Exception {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), "to be or not to be\n".repeat(100));
        Path checkpoints = dir.resolve("ck");
        Run train = rnn("train", corpus.toString(), "--hidden", "8", "--batch", "2", "--seq-len", "8", "--max-steps", "3",
                "--checkpoint-dir", checkpoints.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("", train.out());
        assertFalse(train.err().contains(WARNING), train.err());
        assertTrue(train.err().startsWith("no --epochs") || train.err().startsWith("lstm"), train.err());
        assertTrue(train.err().contains("done at step 3"), train.err());
        for (String[] help : new String[][] {{"train", "--help"}, {"--version"}, {"sample", "--num-samples", "2", "--help"}}) {
            Run run = rnn(help);
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("", run.err(), String.join(" ", help));
        }

        String checkpoint = checkpoints.resolve("latest.ckpt").toString();
        Run one = rnn("sample", "-c", checkpoint, "--length", "20", "--seed", "1");
        assertEquals(0, one.exitCode(), one.err());
        assertEquals("", one.err(), "one stream: the module stays off, stderr stays empty");
        assertTrue(one.out().length() > 20, one.out());

        Run several = rnn("sample", "-c", checkpoint, "--length", "20", "--seed", "1", "--num-samples", "4");
        assertEquals(0, several.exitCode(), several.err());
        assertEquals("", several.err());
        assertEquals(4, several.out().split("\n\n").length, several.out());

        Run eval = rnn("eval", corpus.toString(), "-c", checkpoint, "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals("", eval.err());
        assertTrue(eval.out().startsWith("{") && eval.out().strip().endsWith("}"), eval.out());
    }

    /** The filter drops the JDK's one line and nothing else: the JVM's own logging, asked for, still comes through. */
    @Test
    void whatTheJvmSaysBesideTheWarningStillReachesStderr() throws Exception {
        // The JVM's own lines pass through the filter, which may write them a moment after rnn has exited.
        Run run = shell("RNN_JAVA_OPTS='-Xlog:gc=info:stderr' \"$RNN\" train --version 2> jvm.txt; sleep 1; cat jvm.txt >&2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("[info][gc] Using"), run.err());
        assertFalse(run.err().contains(WARNING), run.err());
        assertTrue(run.out().startsWith("rnn "), run.out());
    }

    /** A script that closes stderr (2>&-) still gets its run: there is nothing for the filter to filter. */
    @Test
    void aClosedStderrIsNoError() throws Exception {
        Path corpus = Files.writeString(dir.resolve("closed.txt"), "to be or not to be\n".repeat(100));
        Run run = shell("\"$RNN\" train " + corpus + " --hidden 8 --batch 2 --seq-len 8 --max-steps 2 --checkpoint-dir "
                + dir.resolve("closed") + " 2>&-; echo \"exit $?\"");
        assertEquals("exit 0\n", run.out(), run.err());
        assertTrue(Files.exists(dir.resolve("closed").resolve("latest.ckpt")));
    }

    /** Issue 23, item 9: options Java refuses give one rnn line on stderr and exit 2, nothing on stdout. */
    @Test
    void javaOptionsJavaRefusesGiveOneLine() throws Exception {
        String[][] cases = {{"-Xmx1q", "Invalid maximum heap size: -Xmx1q"},
                {"-XX:+UseG1GC -XX:+UseParallelGC", "Multiple garbage collectors selected"}};
        for (String[] refused : cases) {
            Run run = shell("RNN_JAVA_OPTS='" + refused[0] + "' \"$RNN\" info nothing.ckpt");
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("", run.out());
            assertEquals("rnn: RNN_JAVA_OPTS is refused by Java (" + refused[1] + "); correct it or unset it\n", run.err());
        }
        Run accepted = shell("RNN_JAVA_OPTS='-Xmx256m' \"$RNN\" info nothing.ckpt");
        assertEquals(2, accepted.exitCode(), accepted.err());
        assertTrue(accepted.err().startsWith("rnn: nothing.ckpt: no such checkpoint"), accepted.err());
    }

    /** Runs a bash command line (with pipes and redirections) in the test directory, the launcher as "$RNN". */
    static Run shell(String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile());
        builder.environment().put("RNN", Path.of("rnn").toAbsolutePath().toString());
        builder.environment().put("RNN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TERM", "xterm");
        builder.environment().remove("CI");
        Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finishes: " + script);
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path trained(String name) throws Exception {
        Path corpus = Files.writeString(dir.resolve(name + ".txt"), "to be or not to be\n".repeat(100));
        Path checkpoints = dir.resolve(name);
        Run train = rnn("train", corpus.toString(), "--hidden", "8", "--batch", "2", "--seq-len", "8", "--max-steps", "3",
                "--checkpoint-dir", checkpoints.toString(), "--quiet");
        assertEquals(0, train.exitCode(), train.err());
        return checkpoints.resolve("latest.ckpt");
    }

    @Test
    void aClosedPipeEndsSamplingAtOnceAndQuietly() throws Exception {
        String checkpoint = trained("pipe").toString();
        // Ten million characters would take minutes; the reader wants 20.
        Run piped = shell("set -o pipefail; \"$RNN\" sample -c " + checkpoint + " --length 10000000 --seed 1 | head -c 20");
        assertEquals(0, piped.exitCode(), "exit 0, as `yes | head` ends: " + piped.err());
        assertEquals("", piped.err());
        assertEquals(20, piped.out().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void progressIsLiveOnlyWhenStderrItselfIsATerminal() throws Exception {
        Path corpus = Files.writeString(dir.resolve("tty.txt"), "to be or not to be\n".repeat(100));
        String train = "\"$RNN\" train " + corpus + " --hidden 8 --batch 2 --seq-len 8 --max-steps 30 --print-every 10 --overwrite"
                + " --checkpoint-dir " + dir.resolve("tty");
        // script(1) gives the command a terminal for stdin, stdout and stderr; what reaches the terminal is its stdout.
        Run onTerminal = shell("script -qec '" + train + "' /dev/null");
        assertEquals(0, onTerminal.exitCode(), onTerminal.err());
        assertTrue(onTerminal.out().contains("\033[K"), "live line on a terminal: " + onTerminal.out());
        // The same from a terminal with stderr sent to a log: plain lines, no control codes.
        Run logged = shell("script -qec '" + train + " 2> train.log' /dev/null; cat train.log >&2");
        assertEquals(0, logged.exitCode(), logged.err());
        assertTrue(logged.err().contains("step 10/30"), logged.err());
        assertFalse(logged.err().contains("\033["), "no control codes in a log: " + logged.err());
    }

    /** Runs a launcher with a chosen environment; "PATH+" prepends to PATH. */
    private static Run launch(Path launcher, java.util.Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("RNN_CLASSPATH");
        environment.forEach((name, value) -> {
            if (name.equals("PATH+")) {
                builder.environment().put("PATH", value + ":" + System.getenv("PATH"));
            } else {
                builder.environment().put(name, value);
            }
        });
        Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "launcher finishes");
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path executable(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        assertTrue(file.toFile().setExecutable(true));
        return file;
    }

    @Test
    void javaIsFoundThroughJavaHomeAndAnOldOneIsNamed() throws Exception {
        Run missing = launch(Path.of("rnn").toAbsolutePath(), java.util.Map.of("JAVA_HOME", dir.resolve("no-jdk").toString()), "--version");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("no Java found in JAVA_HOME (" + dir.resolve("no-jdk") + ")"), missing.err());

        Path oldJdk = dir.resolve("old-jdk");
        executable(oldJdk.resolve("bin/java"), "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\nexit 0\n");
        Run old = launch(Path.of("rnn").toAbsolutePath(), java.util.Map.of("JAVA_HOME", oldJdk.toString()), "--version");
        assertEquals(2, old.exitCode(), old.err());
        assertTrue(old.err().contains("Java 17 or newer is needed") && old.err().contains("is 11.0.2"), old.err());
    }

    /**
     * Issue 23, item 8: after `mvn verify` rebuilt the jar, a class archive written for the old jar is dropped and
     * written again, never handed to the JVM (which warned about it on every run, and started without it).
     */
    @Test
    void aClassArchiveOlderThanTheJarIsRemadeNotUsed(@TempDir Path tree) throws Exception {
        Path launcher = tree.resolve("rnn");
        Files.copy(Path.of("rnn"), launcher);
        Files.writeString(tree.resolve("pom.xml"), "<project/>");
        Files.createDirectories(tree.resolve("target/lib"));
        Path jar = Files.writeString(tree.resolve("target/rnn.jar"), "jar");
        Path archive = Files.writeString(tree.resolve("target/rnn-sample.jsa"), "archive of the old jar");
        Files.setLastModifiedTime(tree.resolve("pom.xml"), java.nio.file.attribute.FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(2_000));
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(3_000)); // rebuilt after the archive
        // A stand-in Java that says its version and records how it was started.
        Path fakeJdk = tree.resolve("jdk");
        executable(fakeJdk.resolve("bin/java"), "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"17.0.9\"' >&2; exit 0; fi\n"
                + "echo \"$@\" >> " + tree.resolve("java-args.txt") + "\n");
        Run run = launch(launcher, java.util.Map.of("JAVA_HOME", fakeJdk.toString()), "sample", "--length", "1");
        assertEquals(0, run.exitCode(), run.err());
        String args = Files.readString(tree.resolve("java-args.txt"));
        assertFalse(args.contains("SharedArchiveFile"), "the stale archive was handed to the JVM: " + args);
        assertTrue(args.contains("-XX:ArchiveClassesAtExit=" + tree.resolve("target/rnn-sample.jsa")), args);
        assertEquals("", run.err());
    }

    @Test
    void aTreeWithNewFileTimesButTheSameSourcesIsNotRebuilt(@TempDir Path tree) throws Exception {
        Path launcher = tree.resolve("rnn");
        Files.copy(Path.of("rnn"), launcher);
        Files.copy(Path.of("pom.xml"), tree.resolve("pom.xml"));
        Path source = tree.resolve("src/main/java/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}");
        Files.createDirectories(tree.resolve("target/lib"));
        // A stand-in for Maven that counts its builds and leaves a jar.
        Path bin = tree.resolve("fake-bin");
        executable(bin.resolve("mvn"), "#!/bin/sh\necho build >> builds.txt\ntouch target/rnn.jar\n");
        java.util.Map<String, String> environment = java.util.Map.of("PATH+", bin.toString(), "JAVA_HOME", System.getProperty("java.home"));
        java.util.function.Supplier<Long> builds = () -> {
            try {
                return Files.exists(tree.resolve("builds.txt")) ? Files.readAllLines(tree.resolve("builds.txt")).size() : 0L;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };

        launch(launcher, environment, "--version");
        assertEquals(1, builds.get(), "no jar yet: a build");
        // cp -r without -p: every file gets a new time, the sources newer than the jar.
        Files.setLastModifiedTime(tree.resolve("target/rnn.jar"), java.nio.file.attribute.FileTime.fromMillis(0));
        launch(launcher, environment, "--version");
        assertEquals(1, builds.get(), "same sources, new times: no build");
        Files.writeString(source, "class A { int changed; }");
        Files.setLastModifiedTime(tree.resolve("target/rnn.jar"), java.nio.file.attribute.FileTime.fromMillis(0));
        launch(launcher, environment, "--version");
        assertEquals(2, builds.get(), "changed sources: a build");
    }
}
