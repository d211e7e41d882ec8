/**
 * The network: embedding, stacked recurrent layers, dense, softmax cross-entropy.
 * <ul>
 *   <li>Each cell ({@link rnn.model.LstmCell}, {@link rnn.model.GruCell}, {@link rnn.model.TanhCell}) is one
 *       file, its forward and backward time step side by side, over a [batch, G*H] block of gates, written
 *       in the element-wise passes of {@link rnn.model.Kernels} (Vector API in {@link rnn.model.VectorKernels},
 *       plain loops beside it).</li>
 *   <li>{@link rnn.model.Network} trains: whole-sequence products in the BLAS that ND4J bundles
 *       ({@link rnn.model.Blas}), per-step products in Kernels, the batch split between workers.</li>
 *   <li>{@link rnn.model.CharacterModel} steps the same cells one character at a time for sampling and eval,
 *       on Java arrays, without loading ND4J.</li>
 *   <li>{@link rnn.model.Parameters} are the weights; {@link rnn.model.RecurrentState} is a run's carried
 *       state, created and reset explicitly; {@link rnn.model.SavedModel} reads and writes the weights of a
 *       checkpoint.</li>
 * </ul>
 * Imports config, text and checkpoint.
 */
package rnn.model;
