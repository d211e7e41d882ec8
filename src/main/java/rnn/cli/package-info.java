/**
 * The command line (picocli): each command is a {@code Callable<Integer>} that parses, validates, calls
 * one service and returns an exit code; shared flags are mixins; {@code ErrorHandler} is the one place
 * where exceptions become exit codes ({@code ExitCode}) and one-line messages. Output goes through
 * picocli's {@code getOut()} / {@code getErr()}: stdout carries only the product.
 */
package rnn.cli;
