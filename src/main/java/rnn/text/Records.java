package rnn.text;

import rnn.UserInputException;

import java.util.function.IntConsumer;

/**
 * A text as a list of independent records (train --records): names, titles, log lines (one per line) or
 * poems (paragraphs, separated by blank lines). In the symbols the model learns, every record is followed
 * by the end-of-record symbol {@link #END} and the text starts with one, so the model learns where a record
 * starts (from END, with a fresh state) and where it ends (by predicting END):
 * <pre>
 *   "Ann\nBob\n"  ->  END A n n END B o b END
 * </pre>
 * The separators themselves (the line break, the blank lines) are not in the records; a "\r" before a line
 * break is dropped with it; empty records are skipped.
 */
public enum Records {
    LINE("line"), PARAGRAPH("paragraph");

    /** The end-of-record symbol: U+FFFF, a Unicode noncharacter, which no text may hold in records mode. */
    public static final int END = 0xFFFF;

    private final String flagValue;

    Records(String flagValue) {
        this.flagValue = flagValue;
    }

    public String flagValue() {
        return flagValue;
    }

    public static Records of(String flagValue) {
        for (Records records : values()) {
            if (records.flagValue.equals(flagValue)) {
                return records;
            }
        }
        throw new UserInputException("--records " + flagValue + ": use line or paragraph");
    }

    /** Turns the code points of a text, file after file, into records for {@code out}. */
    public Splitter splitter(IntConsumer out) {
        return new Splitter(this, out);
    }

    /** Feeds a text's code points to {@link #accept}; call {@link #endFile} after each file. */
    public static final class Splitter implements IntConsumer {
        private final Records mode;
        private final IntConsumer out;
        private boolean started;       // the text's first END is out
        private boolean inRecord;
        private int newlines;          // line breaks seen since the last character of the record
        private boolean carriageReturn; // a "\r" held back: dropped if a line break follows

        Splitter(Records mode, IntConsumer out) {
            this.mode = mode;
            this.out = out;
        }

        @Override
        public void accept(int codePoint) {
            if (codePoint == END) {
                throw new UserInputException("the text holds U+FFFF, which --records uses to end a record; remove it or train without --records");
            }
            if (carriageReturn) {
                carriageReturn = false;
                if (codePoint != '\n') {
                    content('\r');
                }
            }
            if (codePoint == '\r') {
                carriageReturn = true;
            } else if (codePoint == '\n') {
                newlines++;
                if (mode == LINE) {
                    endRecord();
                }
            } else {
                content(codePoint);
            }
        }

        private void content(int codePoint) {
            if (inRecord && mode == PARAGRAPH && newlines >= 2) {
                endRecord();
            }
            if (!inRecord) {
                if (!started) {
                    out.accept(END);
                    started = true;
                }
                inRecord = true;
            } else if (mode == PARAGRAPH && newlines == 1) {
                out.accept('\n'); // a line break inside a paragraph is text
            }
            newlines = 0;
            out.accept(codePoint);
        }

        private void endRecord() {
            if (inRecord) {
                out.accept(END);
                inRecord = false;
            }
            if (mode == LINE) {
                newlines = 0;
            }
        }

        /** A file ends its last record. */
        public void endFile() {
            if (carriageReturn) {
                carriageReturn = false;
                content('\r');
            }
            endRecord();
            newlines = 0;
        }
    }
}
