package rnn.cli;

/** The exit codes, a contract with scripts: documented in --help and the README. */
final class ExitCode {
    static final int OK = 0;
    static final int FAILURE = 1;      // a runtime failure (training diverged, disk error, a bug)
    static final int USAGE = 2;        // bad flags, bad input files, unusable checkpoint
    static final int GATE_FAILED = 3;  // rnn eval --max-bpc: the model is worse than the gate
    static final int INTERRUPTED = 130; // Ctrl-C (SIGINT); 143 for SIGTERM
    static final int TERMINATED = 143;

    /** For every command's --help (the README's table says the same). */
    static final java.util.Map<String, String> DESCRIPTIONS = descriptions();

    private static java.util.Map<String, String> descriptions() {
        java.util.Map<String, String> list = new java.util.LinkedHashMap<>();
        list.put("0", "success");
        list.put("1", "runtime failure (training diverged, I/O error)");
        list.put("2", "bad usage or input (flags, files, checkpoint)");
        list.put("3", "eval gate failed (bits/char above --max-bpc)");
        list.put("130", "interrupted by Ctrl-C (143: SIGTERM); training saves latest.ckpt first");
        return java.util.Collections.unmodifiableMap(list);
    }

    private ExitCode() {
    }
}
