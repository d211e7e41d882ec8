package rnn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import rnn.Version;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code rnn} command: parses the command line and hands it to one subcommand. */
@Command(name = "rnn",
        mixinStandardHelpOptions = true,
        resourceBundle = "rnn.cli.Messages",
        versionProvider = Main.VersionProvider.class,
        description = "Character-level recurrent language model: train on a text, then sample text in its style.",
        subcommands = {TrainCommand.class, SampleCommand.class, EvalCommand.class, InfoCommand.class, PlotCommand.class,
                ExportCommand.class, ExplainCommand.class, ServeCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExamples:%n",
        footer = {"  rnn train corpora/tinyshakespeare.txt",
                "  rnn sample --temperature 0.8 --length 500",
                "  rnn eval held_out.txt --json"})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On error, print the stack trace too.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The real stdout when run as a program; null when tests give their own writers. */
    Stdout stdout;

    public static void main(String[] args) {
        Stdout stdout = new Stdout();
        FileOutputStream stderr = new FileOutputStream(stderr());
        System.setErr(new java.io.PrintStream(stderr, true, StandardCharsets.UTF_8)); // signal handlers and loggers too
        CommandLine commandLine = commandLine()
                .setOut(utf8(stdout, false))
                .setErr(utf8(stderr, true));
        ((Main) commandLine.getCommand()).stdout = stdout;
        int exitCode = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }

    /**
     * Where messages go: fd 2, or the real stderr the launcher hands over as another descriptor (RNN_STDERR_FD)
     * when the JVM's own fd 2 goes through its filter of the JDK's incubator warning (see the launcher). Java
     * makes a FileDescriptor for a number only through its private field, which the launcher opens for this.
     */
    private static FileDescriptor stderr() {
        String fd = System.getenv("RNN_STDERR_FD");
        if (fd != null && fd.matches("[3-9]")) {
            try {
                FileDescriptor descriptor = new FileDescriptor();
                java.lang.reflect.Field number = FileDescriptor.class.getDeclaredField("fd");
                number.setAccessible(true);
                number.setInt(descriptor, Integer.parseInt(fd));
                return descriptor;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not opened to us (java run by hand with the variable set): fd 2 serves
            }
        }
        return FileDescriptor.err;
    }

    /** The product is UTF-8 whatever the platform's default charset. */
    private static PrintWriter utf8(OutputStream stream, boolean autoFlush) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16), autoFlush);
    }

    /** The configured command line; tests call {@code execute} on it with their own out/err writers. */
    public static CommandLine commandLine() {
        Main root = new Main();
        ErrorHandler errors = new ErrorHandler(root);
        CommandLine commandLine = new CommandLine(root)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setAbbreviatedOptionsAllowed(false)
                .setCaseInsensitiveEnumValuesAllowed(true);
        for (CommandLine command : commandLine.getSubcommands().values()) { // `rnn train -V` says what `rnn -V` says
            command.getCommandSpec().versionProvider(new VersionProvider());
            describeThreads(command.getCommandSpec());
        }
        return commandLine;
    }

    /** What --threads splits, said by each command that has it (the option is one mixin, its work is not). */
    private static void describeThreads(CommandLine.Model.CommandSpec command) {
        String work = switch (command.name()) {
            case "train" -> "the streams of each batch are split between them";
            case "sample" -> "the samples of --num-samples are split between them, and one sample's output product when the vocabulary is large";
            case "eval" -> "the output product of each character is split between them when the vocabulary is large";
            default -> null;
        };
        CommandLine.Model.OptionSpec threads = command.findOption("--threads");
        if (work != null && threads != null) {
            command.remove(threads);
            command.addOption(CommandLine.Model.OptionSpec.builder(threads)
                    .description("Threads (default: all cores): " + work + ".").build());
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: train, sample, eval, info, plot, export, explain, serve or completion");
    }

    /** What a bug report needs: the build, the Java, the platform, the kernels and the training engine. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                    "rnn " + Version.VERSION + " (commit " + Version.COMMIT + ")",
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                            + System.getProperty("java.vm.name") + ") on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch"),
                    "natives " + Version.PLATFORM,
                    "kernels " + rnn.model.Kernels.ACTIVE.describe(),
                    "training engine ND4J " + Version.ND4J + " (nd4j-native, CPU) with OpenBLAS " + Version.OPENBLAS
                            + " through JavaCPP " + Version.JAVACPP};
        }
    }
}
