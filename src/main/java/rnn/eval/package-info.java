/**
 * Scoring a text with a model, as one stream with the state carried: loss, bits per character, perplexity.
 * Imports text and model; loads no ND4J.
 */
package rnn.eval;
