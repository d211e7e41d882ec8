/**
 * rnn, a character-level text generator: the layers, from the bottom up.
 * <pre>
 *   rnn          UserInputException (exit 2), Version, AtomicWrite: used everywhere, import nothing of rnn
 *   config       the immutable settings both training and the checkpoint need
 *   text         characters: vocabulary, corpus, batches
 *   checkpoint   the file formats: named tensors and a manifest, checked on load
 *   model        the network: cells, kernels, the training engine and the one-character step model
 *   train        the training loop and what it needs: optimizer, schedule, run snapshot, run directory
 *   sample       generating text;  eval: scoring it;  plot: loss charts
 *   explain      what a model makes of a text, character by character, as numbers and as a page
 *   serve        the model behind HTTP: the sampler and the evaluator, with limits, a playground and shutdown
 *   cli          the command line: parse, validate, call one of the above, map errors to exit codes
 * </pre>
 * Each package imports only packages above it in this list (cli imports anything); {@code ArchitectureTest}
 * checks the rules that matter most. Measurement programs live apart, in {@code src/bench/java}.
 */
package rnn;
