package rnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every user error: exit 2, one line on stderr naming the problem, nothing on stdout, no stack trace. */
class UsageErrorTest {
    @TempDir
    static Path dir;

    private static void assertUsageError(Cli.Result result, String expected) {
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals("", result.out(), result.toString());
        assertTrue(result.err().startsWith("rnn: "), result.toString());
        assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        assertTrue(result.err().contains(expected), "expected '" + expected + "' in: " + result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--hidden 0|--hidden must be between 1",
            "--lr -1|--lr must be above 0",
            "--dropout 1.5|--dropout must be at least 0 and below 1",
            "--batch 0|--batch must be between 1",
            "--cell lstmx|--cell",
            "--max-time soon|not a duration",
            "--max-time -5s|not a duration",
            "--val-frac 1|--val-frac must be",
            "--layers 99|--layers must be between 1 and 16",
            "--lr NaN|--lr must be above 0",
            "--dropout NaN|--dropout must be",
            "--clip -1|--clip must be 0",
            "--forget-bias 11|--forget-bias must be between -10 and 10",
            "--forget-bias NaN|--forget-bias must be",
            "--weight-drop 1|--weight-drop must be at least 0 and below 1",
            "--weight-decay -0.1|--weight-decay must be at least 0",
            "--weight-decay 600|--weight-decay must be at least 0 and its product with --lr below 1",
            "--lr-schedule linear|--lr-schedule",
            "--lr-schedule cosine --lr-decay 0.9|--lr-decay applies to --lr-schedule step only",
            "--lr-schedule cosine --epochs 0|--lr-schedule cosine decays over the whole run, and this run has no end",
            "--warmup -1|--warmup must be 0",
            "--patience -2|--patience must be 0",
            "--batch 10000000|--batch must be between 1 and 100000",
            "--hidden 8192 --layers 16|needs about",
            "--seq-len 0|--seq-len must be between 1",
            "--epochs -1|--epochs must be 0",
            "--threads -1|--threads must be between 1",
            "--hidden 3 --hidden 4|--hidden was given twice (3, then 4); give it once",
            "--max-time 1e3s|--max-time 1e3s is not a duration; write e.g. 90s",
            "--max-time 10d|--max-time 10d is not a duration",
            "--max-time 1h30|--max-time 1h30 is not a duration",
            "--seed 99999999999999999999|--seed 99999999999999999999 is not a whole number (at most 9223372036854775807",
            "--hidden 0x10|--hidden 0x10 is not a whole number (at most 2147483647, digits only)",
            "--lr fast|--lr fast is not a number",
            "--tempreature 0.5|unknown option --tempreature",
            "--resume a --resume b|--resume was given twice (a, then b); give it once"})
    void badTrainingFlags(String flags, String expected) throws Exception {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "abcdefgh".repeat(200));
        String[] args = ("train " + corpus + " --checkpoint-dir " + dir.resolve("never") + " " + flags).split(" ");
        assertUsageError(Cli.run(args), expected);
        assertFalse(Files.exists(dir.resolve("never").resolve("latest.ckpt")));
    }

    @Test
    void missingEmptyAndMalformedCorpora() throws Exception {
        assertUsageError(Cli.run("train", dir.resolve("missing.txt").toString()), "no such file");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertUsageError(Cli.run("train", empty.toString()), "empty");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertUsageError(Cli.run("train", latin1.toString()), "not valid UTF-8 at byte offset 3");
        Path one = Files.writeString(dir.resolve("one.txt"), "aaaaaaaaaaaaaaaaaaaa");
        assertUsageError(Cli.run("train", one.toString()), "the corpus has 1 distinct character; a model needs between 2");
        Path shortText = Files.writeString(dir.resolve("short.txt"), "abcdefghij".repeat(5));
        assertUsageError(Cli.run("train", shortText.toString(), "--checkpoint-dir", dir.resolve("s").toString()),
                "one batch needs 3232");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--temperature -0.5|--temperature must be between 0",
            "--top-p 0|--top-p must be above 0",
            "--length -3|--length must be between 0",
            "--top-k -1|--top-k must be 0",
            "--temperature NaN|--temperature must be between 0",
            "--num-samples 0|--num-samples must be between 1"})
    void badSamplingFlags(String flags, String expected) {
        assertUsageError(Cli.run(("sample " + flags).split(" ")), expected);
    }

    @Test
    void missingOrForeignCheckpoint() throws Exception {
        assertUsageError(Cli.run("sample", "-c", dir.resolve("none.ckpt").toString()), "no such checkpoint");
        Path json = Files.writeString(dir.resolve("model.ckpt"), "{\"this\": \"is json, not a checkpoint\"}");
        assertUsageError(Cli.run("info", json.toString()), "not an rnn checkpoint");
        assertUsageError(Cli.run("eval", json.toString(), "-c", json.toString()), "not an rnn checkpoint");
    }

    @Test
    void binaryFilesAndUnusableDirectories() throws Exception {
        Path binary = Files.write(dir.resolve("model.bin"), new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2});
        assertUsageError(Cli.run("train", binary.toString()), "binary file");
        Path corpus = Files.writeString(dir.resolve("ok.txt"), "abcdefgh".repeat(500));
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        assertUsageError(Cli.run("train", corpus.toString(), "--batch", "4", "--checkpoint-dir", aFile.toString()), "is a file");
    }

    @Test
    void renamedFilesAreNotCheckpoints() throws Exception {
        Path zip = Files.write(dir.resolve("zip.ckpt"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertUsageError(Cli.run("info", zip.toString()), "not an rnn checkpoint");
        Path text = Files.writeString(dir.resolve("text.ckpt"), "It was the best of times, it was the worst of times.");
        assertUsageError(Cli.run("sample", "-c", text.toString()), "not an rnn checkpoint");
        Path empty = Files.writeString(dir.resolve("empty.ckpt"), "");
        assertUsageError(Cli.run("info", empty.toString()), "not an rnn checkpoint");
    }

    @Test
    void resumeOnTextWithOtherCharactersAndPrimesWithUnknownOnes() throws Exception {
        Path corpus = Files.writeString(dir.resolve("abc.txt"), "abcabcabcabc\n".repeat(100));
        Path checkpoints = dir.resolve("abc-ckpt");
        Cli.Result trained = Cli.run("train", corpus.toString(), "--hidden", "8", "--layers", "1", "--batch", "4",
                "--seq-len", "8", "--max-steps", "2", "--checkpoint-dir", checkpoints.toString(), "--quiet");
        assertEquals(0, trained.exitCode(), trained.toString());
        Path other = Files.writeString(dir.resolve("xyz.txt"), "abcxyz\n".repeat(100));
        assertUsageError(Cli.run("train", other.toString(), "--resume", checkpoints.resolve("latest.ckpt").toString(),
                "--checkpoint-dir", checkpoints.toString()),
                "3 characters are not in the checkpoint's vocabulary: 'x' (U+0078), 'y' (U+0079), 'z' (U+007A)");
        assertUsageError(Cli.run("train", other.toString(), "--init-from", checkpoints.resolve("latest.ckpt").toString(),
                "--checkpoint-dir", dir.resolve("xyz-ft").toString()), "3 characters are not in the checkpoint's vocabulary");
        assertUsageError(Cli.run("train", corpus.toString(), "--init-from", checkpoints.resolve("latest.ckpt").toString(),
                "--hidden", "16", "--checkpoint-dir", dir.resolve("ft16").toString()), "--hidden 16 (--init-from's model: 8)");
        assertUsageError(Cli.run("train", corpus.toString(), "--init-from", checkpoints.resolve("latest.ckpt").toString(),
                "--resume", checkpoints.resolve("latest.ckpt").toString()), "either --resume");
        assertUsageError(Cli.run("sample", "-c", checkpoints.resolve("best.ckpt").toString(), "--prime", "abz"),
                "'z' (U+007A)");
    }

    @Test
    void mistypedCommandSuggestsTheCloseMatch() {
        assertEquals("rnn: 'smaple' is not a command; did you mean 'sample'?\n", Cli.run("smaple").err());
        assertEquals("rnn: 'trian' is not a command; did you mean 'train'?\n", Cli.run("trian", "x").err());
        Cli.Result none = Cli.run("xyzzy");
        assertUsageError(none, "'xyzzy' is not a command; the commands are train, sample, eval");
    }

    @Test
    void mistypedOptionSuggestsTheCloseMatch() {
        Cli.Result result = Cli.run("sample", "--temprature", "0.5");
        assertUsageError(result, "unknown option --temprature; did you mean --temperature?");
        assertFalse(result.err().contains("'0.5'"), "the value is not an option: " + result.err());
        assertUsageError(Cli.run("sample", "--length", "2147483648"), "--length 2147483648 is not a whole number");
        assertUsageError(Cli.run("sample", "--length", "5", "--length", "6"), "--length was given twice; give it once");
        assertUsageError(Cli.run("sample", "--max-time", ""), "unknown option --max-time");
        assertUsageError(Cli.run("train", "x", "--max-time", ""), "--max-time '' is not a duration");
        assertUsageError(Cli.run("train", "x", "--max-time", "1h 30m"), "--max-time '1h 30m' is not a duration");
        assertUsageError(Cli.run("train", "x", "--max-time", "-5m"), "--max-time -5m is not a duration");
    }

    @Test
    void helpAndVersionGoToStdoutAndSucceed() {
        Cli.Result help = Cli.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("Exit codes") && help.out().contains("130"), help.out());
        Cli.Result version = Cli.run("--version");
        assertEquals(0, version.exitCode());
        // What a bug report needs: version and commit, Java, natives' platform, kernels, engine and BLAS.
        String[] lines = version.out().split("\n");
        assertTrue(lines[0].matches("rnn \\d+\\.\\d+\\.\\d+ \\(commit \\w+\\)"), version.out());
        assertTrue(lines[1].startsWith("Java " + System.getProperty("java.version")), version.out());
        assertTrue(lines[2].matches("natives (linux|macosx|windows)-(x86_64|arm64)"), version.out());
        assertTrue(lines[3].matches("kernels (Vector API, \\d+ floats per lane|scalar loops .*)"), version.out());
        assertTrue(lines[4].matches("training engine ND4J \\S+ \\(nd4j-native, CPU\\) with OpenBLAS [0-9.]+ through JavaCPP [0-9.]+"),
                version.out());
        for (String command : new String[] {"train", "sample", "eval", "info", "plot", "export", "completion"}) {
            Cli.Result commandHelp = Cli.run(command, "--help");
            assertEquals(0, commandHelp.exitCode(), command);
            assertTrue(commandHelp.out().contains("Usage: rnn " + command), commandHelp.out());
            assertFalse(commandHelp.out().contains("null"), "an example lost to interpolation: " + commandHelp.out());
        }
        assertTrue(Cli.run("completion", "--help").out().contains("rnn completion zsh > \"${fpath[1]}/_rnn\""));
        assertTrue(Cli.run("train", "--help").out().contains("rnn train corpus.txt --resume checkpoints/latest.ckpt --epochs 30\n"),
                "an example on one line");
    }

    @Test
    void messagesNameWhatExists() throws Exception {
        Cli.Result bare = Cli.run();
        assertEquals(2, bare.exitCode());
        assertTrue(bare.err().contains("train, sample, eval, info, plot, export, explain, serve or completion"), bare.err());
        Cli.Result info = Cli.run("info", dir.resolve("nope").toString());
        assertEquals(2, info.exitCode());
        assertFalse(info.err().contains("-c"), "info takes the checkpoint as its argument: " + info.err());
        Path corpus = Files.writeString(dir.resolve("twice.txt"), "abcdefgh".repeat(200));
        Cli.Result twice = Cli.run("train", corpus.toString(), "--hidden", "64", "--hidden", "128", "--checkpoint-dir",
                dir.resolve("ck9").toString());
        assertEquals(2, twice.exitCode());
        assertEquals("rnn: --hidden was given twice (64, then 128); give it once\n", twice.err());
    }

    /** Issue 23, item 17: every command's summary in `rnn --help` is a whole sentence, and --threads says what it splits. */
    @Test
    void helpSummariesAreWholeSentencesAndThreadsIsPerCommand() {
        String help = Cli.run("--help").out();
        String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes:"));
        for (String summary : commands.split("\n  (?=\\w)")) {
            if (!summary.startsWith("Commands:")) {
                assertTrue(summary.strip().endsWith(".") || summary.strip().endsWith(")."), "cut: " + summary);
            }
        }
        assertTrue(Cli.run("train", "--help").out().replaceAll("\\s+", " ").contains("the streams of each batch are split between them"));
        assertTrue(Cli.run("eval", "--help").out().replaceAll("\\s+", " ").contains("the output product of each character is split"));
        assertFalse(Cli.run("eval", "--help").out().contains("--num-samples"));
        assertTrue(Cli.run("train", "--help").out().replaceAll("\\s+", " ").contains("Every N steps: a training entry in metrics.jsonl"));
        assertUsageError(Cli.run("eval", "x.txt", "--threads", "0"), "--threads must be between 1 and 1024 (got 0)");
        assertUsageError(Cli.run("sample", "--threads", "0"), "--threads must be between 1 and 1024 (got 0)");
    }

    /** Issue 23, item 18: the words of the messages. */
    @Test
    void messagesReadAsAPersonWouldWriteThem() throws Exception {
        assertEquals("0.0001", rnn.Numbers.plain(1.0E-4));
        assertEquals("2", rnn.Numbers.plain(2.0));
        assertEquals("0.002", rnn.Numbers.plain(2e-3));

        Path noRun = Files.createDirectories(dir.resolve("empty-dir"));
        assertUsageError(Cli.run("plot", noRun.toString()), noRun + ": holds no metrics.jsonl, so no run to plot");
        assertUsageError(Cli.run("plot", dir.resolve("absent").toString()), dir.resolve("absent") + ": no such directory");

        Path dangling = dir.resolve("dangling");
        Files.createSymbolicLink(dangling, dir.resolve("gone"));
        Path corpus = Files.writeString(dir.resolve("m.txt"), "abcdefgh".repeat(200));
        assertUsageError(Cli.run("train", corpus.toString(), "--batch", "4", "--seq-len", "8", "--checkpoint-dir", dangling.toString()),
                "--checkpoint-dir " + dangling + " is a symbolic link to " + dir.resolve("gone") + ", which does not exist");

        Path empty = Files.writeString(dir.resolve("empty-eval.txt"), "");
        Path trained = dir.resolve("msg-ck");
        Cli.Result training = Cli.run("train", corpus.toString(), "--layers", "1", "--hidden", "8", "--batch", "4", "--seq-len", "8",
                "--max-steps", "30", "--val-frac", "0", "--checkpoint-dir", trained.toString());
        assertEquals(0, training.exitCode(), training.toString());
        assertTrue(training.err().contains("training chars, no validation;"), training.err());
        assertUsageError(Cli.run("eval", "-c", trained.toString(), empty.toString()), "the text to score is empty");
        String info = Cli.run("info", trained.toString()).out();
        assertTrue(info.contains("lstm, 1 layer x 8 hidden"), info);
        assertTrue(info.contains("step 30, epoch 0.61,"), "the epoch as metrics.jsonl counts it: " + info); // (1,600 / 4 - 1) / 8 = 49 steps an epoch
        assertTrue(info.contains("lr 0.005,"), info);

        Cli.Result conflict = Cli.run("train", corpus.toString(), "--resume", trained.resolve("latest.ckpt").toString(), "--lr", "1e-4");
        assertUsageError(conflict, "--lr 0.0001 (checkpoint: 0.005)");
    }
}
