/**
 * Settings as immutable records, validated once with messages that name the flag: the architecture
 * ({@link rnn.config.ModelConfig}, {@link rnn.config.CellType}), the training settings
 * ({@link rnn.config.TrainingConfig}, {@link rnn.config.LrSchedule}) and where a run ends
 * ({@link rnn.config.RunBounds}). Both training and the checkpoint's manifest hold them, so they live below
 * both. Imports nothing of rnn but {@code rnn.UserInputException}.
 */
package rnn.config;
