package rnn.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import rnn.UserInputException;
import rnn.sample.OutputClosedException;
import rnn.checkpoint.CheckpointWriteException;
import rnn.train.TrainingFailedException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The one place where exceptions become exit codes and one-line messages on stderr.
 * A stack trace is printed only with --verbose.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final Main root;

    ErrorHandler(Main root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof OutputClosedException) {
            if (root.stdout == null || root.stdout.readerWentAway()) {
                return ExitCode.OK; // `rnn sample | head`: the reader has what it wanted, as with `yes | head`
            }
            err.println("rnn: cannot write to stdout: " + root.stdout.failure().getMessage());
            err.flush();
            return ExitCode.FAILURE;
        }
        int code;
        if (e instanceof NotWrittenYetException) {
            code = ExitCode.NOT_YET;
        } else if (e instanceof UserInputException) {
            code = ExitCode.USAGE;
        } else {
            code = ExitCode.FAILURE;
        }
        boolean explained = e instanceof UserInputException || e instanceof TrainingFailedException
                || e instanceof CheckpointWriteException;
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        if (e instanceof UncheckedIOException io) {
            message = "I/O error: " + io.getCause().getMessage();
            explained = true;
        }
        if (!explained) {
            message = "internal error: " + e.getClass().getSimpleName() + ": " + message
                    + (root.verbose ? "" : " (run again with --verbose for details)");
        }
        err.println("rnn: " + message);
        if (root.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static final java.util.regex.Pattern REPEATED_IN_GROUP =
            java.util.regex.Pattern.compile(".*expected only one match but got .*?=\\{([^}]*)\\} and .*?=\\{([^}]*)\\}.*");

    /**
     * picocli words a repeated option of an option group as two group matches, the second starting at the
     * repeated option (and holding whatever options of the group came after it); say it plainly.
     */
    static String readable(String message) {
        java.util.regex.Matcher m = REPEATED_IN_GROUP.matcher(message);
        if (!m.matches()) {
            return message;
        }
        String again = m.group(2).split(",? ")[0];                   // e.g. --hidden=128
        String name = again.split("=")[0];
        String before = java.util.Arrays.stream(m.group(1).split(",? ")).filter(o -> o.startsWith(name + "="))
                .findFirst().orElse(name);
        return "an option was given twice (" + before + ", then " + again + "); give it once";
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("rnn: " + readable(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return ExitCode.USAGE;
    }
}
