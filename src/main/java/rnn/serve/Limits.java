package rnn.serve;

import java.time.Duration;

/**
 * What one server accepts, so that no client can take it down: validated by {@code rnn serve}'s flags.
 *
 * @param maxBodyBytes the largest request body; a larger one gets 413
 * @param maxLength    the most characters a sample may ask for
 * @param maxSamples   the most samples one request may ask for
 * @param concurrency  generations and scores computed at once
 * @param queue        requests that may wait for a turn beyond those; one more gets 429
 * @param timeout      a request's time, from arrival to its last character (waiting included); beyond it, 503
 * @param grace        on SIGINT/SIGTERM, how long requests under way may take to finish before they are cut
 */
public record Limits(int maxBodyBytes, int maxLength, int maxSamples, int concurrency, int queue, Duration timeout,
                     Duration grace) {
}
