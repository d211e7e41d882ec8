package rnn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process, capturing stdout, stderr and the exit code. */
final class Cli {
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exitCode = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private Cli() {
    }
}
