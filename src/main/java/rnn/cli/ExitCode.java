package rnn.cli;

/** The exit codes, a contract with scripts: documented in --help (Messages.properties) and the README. */
final class ExitCode {
    static final int OK = 0;
    static final int FAILURE = 1;      // a runtime failure (training diverged, disk error, a bug)
    static final int USAGE = 2;        // bad flags, bad input files, unusable checkpoint
    static final int GATE_FAILED = 3;  // rnn eval --max-bpc: the model is worse than the gate
    static final int NOT_YET = 75;     // the checkpoint's run has not saved it yet: try again (EX_TEMPFAIL)
    static final int HANGUP = 129;      // SIGHUP: the terminal went away (training saved first)
    static final int INTERRUPTED = 130; // Ctrl-C (SIGINT)
    static final int TERMINATED = 143;

    private ExitCode() {
    }
}
