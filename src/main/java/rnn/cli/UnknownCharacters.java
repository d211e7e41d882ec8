package rnn.cli;

/** --unknown: what sample (in its prime) and eval (in its text) do with characters the model never saw. */
enum UnknownCharacters {
    /** Leave them out, and say how many on stderr (sample) or in the oov count (eval). */
    SKIP,
    /** Refuse the input with one line that lists them. */
    ERROR
}
