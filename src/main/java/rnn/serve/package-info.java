/**
 * {@code rnn serve}: the model kept loaded behind a small HTTP API (the JDK's own server) and a playground page.
 * Generation goes through the same {@link rnn.sample.Sampler} as {@code rnn sample}, scoring through the same
 * {@link rnn.eval.Evaluator} as {@code rnn eval}; this package adds only HTTP, limits and shutdown.
 */
package rnn.serve;
