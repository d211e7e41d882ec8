package rnn.serve;

/** A request the server refuses: its HTTP status and one sentence saying what is wrong and what to do. */
final class HttpError extends RuntimeException {
    final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }
}
