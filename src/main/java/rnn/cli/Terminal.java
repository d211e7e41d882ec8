package rnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether progress goes to a person at a terminal (one live line) or to a log file or pipe (plain lines).
 * The question is about stderr, where progress goes: {@code train 2> log} from a terminal writes a log.
 */
final class Terminal {
    private Terminal() {
    }

    static boolean isInteractive() {
        return isInteractive(System.getenv("TERM"), System.getenv("CI"), stderrIsTerminal());
    }

    static boolean isInteractive(String term, String ci, boolean stderrIsTerminal) {
        return stderrIsTerminal && term != null && !term.equals("dumb") && ci == null;
    }

    /**
     * Java has no isatty(2). The launcher tests {@code [ -t 2 ]} and passes the answer in RNN_STDERR_TTY;
     * without it (java -jar), Linux names the file behind fd 2 in /proc; elsewhere the console stands in.
     */
    private static boolean stderrIsTerminal() {
        String fromLauncher = System.getenv("RNN_STDERR_TTY");
        if (fromLauncher != null) {
            return fromLauncher.equals("1");
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
