/**
 * The file formats, and nothing else: a checkpoint is a manifest (JSON: architecture, vocabulary, settings,
 * progress, bounds) and named float32 tensors, with a magic number, a format version and a checksum,
 * written atomically and checked on load ({@link rnn.checkpoint.CheckpointFile}; older versions keep
 * loading); and the safetensors export. Which tensors a model or a training run stores is decided above
 * ({@code rnn.model.SavedModel}, {@code rnn.train.RunSnapshot}). Imports {@code rnn.config} and the root
 * package only: sampling, eval and info read checkpoints without loading anything of training.
 */
package rnn.checkpoint;
