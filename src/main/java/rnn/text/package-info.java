/**
 * Text as the model sees it: files decoded as strict UTF-8 ({@link rnn.text.TextFiles}), a character being
 * a code point; the vocabulary of a corpus; symbol ids; and the batches of truncated BPTT, contiguous
 * streams read seqLen characters at a time ({@link rnn.text.StreamBatcher}). Imports nothing of rnn but
 * {@code rnn.UserInputException}.
 */
package rnn.text;
