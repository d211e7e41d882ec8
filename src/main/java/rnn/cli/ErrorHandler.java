package rnn.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine.ParseResult;
import rnn.UserInputException;
import rnn.sample.OutputClosedException;
import rnn.checkpoint.CheckpointWriteException;
import rnn.train.TrainingFailedException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        if (e instanceof UncheckedIOException io) { // worded by whoever threw it, or the cause's own words
            message = io.getMessage().equals(io.getCause().toString()) ? "I/O error: " + io.getCause().getMessage() : io.getMessage();
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

    private static final Pattern REPEATED_IN_GROUP =
            Pattern.compile(".*expected only one match but got .*?=\\{([^}]*)\\} and .*?=\\{([^}]*)\\}.*");

    /**
     * picocli words a repeated option of an option group as two group matches, the second starting at the
     * repeated option (and holding whatever options of the group came after it); say it plainly.
     */
    static String readable(String message) {
        Matcher m = REPEATED_IN_GROUP.matcher(message);
        if (!m.matches()) {
            return message;
        }
        String again = m.group(2).split(",? ")[0];                   // e.g. --hidden=128
        String name = again.split("=")[0];
        String before = Arrays.stream(m.group(1).split(",? ")).filter(o -> o.startsWith(name + "="))
                .findFirst().orElse(name);
        return twice(name, before.substring(Math.min(before.length(), name.length() + 1)), again.substring(name.length() + 1));
    }

    /** The one wording of a repeated flag, whatever picocli's route to it. */
    private static String twice(String option, String first, String second) {
        return option + " was given twice" + (first.isEmpty() ? "" : " (" + first + ", then " + second + ")") + "; give it once";
    }

    /**
     * One line for every parse error, with the close match where there is one: picocli's own messages take
     * two or three lines (the error, the suggestions, a pointer to --help) and word the same mistake several ways.
     */
    static String oneLine(ParameterException e) {
        CommandLine commandLine = e.getCommandLine();
        String command = commandLine.getCommandSpec().qualifiedName();
        String help = " (see '" + command + " --help')";
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (unmatched.isUnknownOption()) {
                String option = unmatched.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst()
                        .orElse(unmatched.getUnmatched().get(0)).split("=")[0];
                return "unknown option " + option + (suggestions.isEmpty() ? help : "; did you mean " + suggestions.get(0) + "?");
            }
            String argument = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0);
            if (commandLine.getParent() == null) {
                return "'" + argument + "' is not a command; " + (suggestions.isEmpty()
                        ? "the commands are " + String.join(", ", commandLine.getSubcommands().keySet())
                        : "did you mean '" + suggestions.get(0) + "'?");
            }
            return "unexpected argument '" + argument + "'" + help;
        }
        if (e instanceof OverwrittenOptionException overwritten) {
            String name = overwritten.getOverwritten() instanceof OptionSpec option ? option.longestName() : "an argument";
            return twice(name, "", "");
        }
        if (e.getArgSpec() instanceof OptionSpec option && e.getValue() != null && e.getMessage().startsWith("Invalid value")) {
            return option.longestName() + " " + quoted(e.getValue()) + " is " + reason(e, option) + help;
        }
        String message = readable(e.getMessage());
        return message + (message.equals(e.getMessage()) ? help : "");
    }

    /** Why a value did not convert, in words: picocli says "is not an int". */
    private static String reason(ParameterException e, OptionSpec option) {
        Class<?> type = option.type();
        if (type == int.class || type == Integer.class) {
            return "not a whole number (at most " + Integer.MAX_VALUE + ", digits only)";
        }
        if (type == long.class || type == Long.class) {
            return "not a whole number (at most " + Long.MAX_VALUE + ", digits only)";
        }
        if (type == double.class || type == Double.class) {
            return "not a number";
        }
        String message = e.getMessage();
        int reason = message.indexOf("' is ");
        return reason >= 0 ? message.substring(reason + 5) : message; // e.g. "not a duration; write e.g. 90s ..."
    }

    private static String quoted(String value) {
        return value.isEmpty() || value.contains(" ") ? "'" + value + "'" : value;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("rnn: " + oneLine(e));
        err.flush();
        return ExitCode.USAGE;
    }
}
