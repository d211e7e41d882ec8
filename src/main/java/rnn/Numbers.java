package rnn;

import java.math.BigDecimal;

/** Numbers in messages as a person writes them on the command line: 0.0005 and 2, never 5.0E-4 or 2.0. */
public final class Numbers {
    private Numbers() {
    }

    public static String plain(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }
}
