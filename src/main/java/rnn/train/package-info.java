/**
 * Training: the loop ({@link rnn.train.Trainer}: stateful truncated BPTT, validation, checkpoints), Adam,
 * gradient clipping, when a run stops and how often it validates and saves ({@link rnn.train.RunLimits}), what a checkpoint
 * of a run holds ({@link rnn.train.RunSnapshot}), the run's directory and its lock
 * ({@link rnn.train.RunDirectory}), metrics.jsonl and progress on stderr. What else happens at a validation
 * (the chart, a sample preview) is installed by the command through {@link rnn.train.ValidationListener}.
 * Imports config, text, checkpoint and model; never sample, eval, plot or cli.
 */
package rnn.train;
