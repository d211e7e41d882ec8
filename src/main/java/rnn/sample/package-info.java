/**
 * Generating text: the sampling strategies (greedy, temperature, top-k, top-p) behind
 * {@link rnn.sample.SamplingStrategy}, and the {@link rnn.sample.Sampler}, which reads a prime and carries the
 * state character by character on the {@code CharacterModel}. Imports config, text and model; loads no ND4J.
 */
package rnn.sample;
