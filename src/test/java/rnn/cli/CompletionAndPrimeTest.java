package rnn.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionAndPrimeTest {
    private static final String FIXTURE = fixture();

    private static String fixture() {
        try {
            return Path.of(CompletionAndPrimeTest.class.getResource("/checkpoints/format-v1-lstm.ckpt").toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bashCompletionCompletesSubcommandsAndOptions(@TempDir Path dir) throws Exception {
        Cli.Result result = Cli.run("completion", "bash");
        assertEquals(0, result.exitCode(), result.toString());
        Path script = Files.writeString(dir.resolve("rnn-completion.bash"), result.out());
        assertEquals("train", complete(script, "rnn tr"));
        assertEquals("--temperature --top-k --top-p --threads", complete(script, "rnn sample --t"));
    }

    @Test
    void zshLoadsTheCompletionScript(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new java.io.File("/usr/bin/zsh").canExecute() || new java.io.File("/bin/zsh").canExecute(),
                "zsh is not installed (.ci/run installs it)");
        Cli.Result result = Cli.run("completion", "zsh");
        assertEquals(0, result.exitCode(), result.toString());
        Path script = Files.writeString(dir.resolve("_rnn"), result.out());
        Process zsh = new ProcessBuilder("zsh", "-c", "autoload -U compinit && compinit -u; source " + script
                + "; (( ${+_comps[rnn]} )) && echo registered").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(zsh.waitFor(30, TimeUnit.SECONDS));
        assertEquals("registered", new String(zsh.getInputStream().readAllBytes()).trim());
    }

    /** What bash offers for the last word of the line, via the generated completion function. */
    private static String complete(Path script, String line) throws Exception {
        String[] words = line.split(" ");
        String shell = "source " + script + "; COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length() + "; _complete_rnn; echo ${COMPREPLY[@]}";
        Process bash = new ProcessBuilder("bash", "-c", shell).redirectError(ProcessBuilder.Redirect.DISCARD).start(); // compopt complains outside a real completion
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        return new String(bash.getInputStream().readAllBytes()).trim();
    }

    @Test
    void primeFromAFileEqualsTheSamePrimeGivenInline(@TempDir Path dir) throws Exception {
        Path prime = Files.writeString(dir.resolve("prime.txt"), "Shall I");
        Cli.Result fromFile = Cli.run("sample", "-c", FIXTURE, "--prime-file", prime.toString(), "--length", "30", "--seed", "3");
        Cli.Result inline = Cli.run("sample", "-c", FIXTURE, "--prime", "Shall I", "--length", "30", "--seed", "3");
        assertEquals(0, fromFile.exitCode(), fromFile.toString());
        assertEquals(inline.out(), fromFile.out());
        assertTrue(fromFile.out().startsWith("Shall I"));
        Cli.Result both = Cli.run("sample", "-c", FIXTURE, "--prime-file", prime.toString(), "--prime", "x");
        assertEquals(2, both.exitCode());

        // Issue 23, item 12: unknown characters are a usage error that names the flag given, and nothing else is
        // printed (no seed line first).
        Path french = Files.writeString(dir.resolve("fr.txt"), "Où est la gare ?");
        Cli.Result unknown = Cli.run("sample", "-c", FIXTURE, "--prime-file", french.toString());
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertEquals("", unknown.out());
        assertTrue(unknown.err().startsWith("rnn: --prime-file " + french + " has characters the model never saw: ")
                && unknown.err().contains("'ù' (U+00F9)") && unknown.err().lines().count() == 1, unknown.err());
    }

    @Test
    void primeFromStdinPipesThrough(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Process rnn = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "rnn.cli.Main",
                "sample", "-c", FIXTURE, "--prime", "-", "--length", "30", "--seed", "3")
                .redirectOutput(out.toFile()).start();
        rnn.getOutputStream().write("Shall I".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        rnn.getOutputStream().close();
        assertTrue(rnn.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, rnn.exitValue());
        Cli.Result inline = Cli.run("sample", "-c", FIXTURE, "--prime", "Shall I", "--length", "30", "--seed", "3");
        assertEquals(inline.out(), Files.readString(out));
    }

    @Test
    void evalReadsStdinAsSampleDoes(@TempDir Path dir) throws Exception {
        String text = "Shall I compare thee to a summer's day?\n";
        Path file = Files.writeString(dir.resolve("held.txt"), text);
        Process rnn = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "rnn.cli.Main", "eval", "-", "-c", FIXTURE, "--json")
                .redirectOutput(dir.resolve("eval.json").toFile()).start();
        rnn.getOutputStream().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        rnn.getOutputStream().close();
        assertTrue(rnn.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, rnn.exitValue());
        Cli.Result fromFile = Cli.run("eval", file.toString(), "-c", FIXTURE, "--json");
        assertEquals(fromFile.out().replace(file.toString(), "").strip(),
                Files.readString(dir.resolve("eval.json")).replace(file.toString(), "").strip());
    }

    @Test
    void aPrimeFileWithAByteOrderMarkPrimesAsWithout(@TempDir Path dir) throws Exception {
        Path bom = dir.resolve("bom.txt");
        Files.write(bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'S', 'h', 'a', 'l', 'l'});
        Cli.Result fromFile = Cli.run("sample", "-c", FIXTURE, "--prime-file", bom.toString(), "--length", "30", "--seed", "3");
        assertEquals(0, fromFile.exitCode(), fromFile.toString());
        assertEquals(Cli.run("sample", "-c", FIXTURE, "--prime", "Shall", "--length", "30", "--seed", "3").out(), fromFile.out());
    }
}
