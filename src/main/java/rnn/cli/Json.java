package rnn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What --json prints where a number goes: the number, or null when there is none (never the string "NaN"). */
final class Json {
    private Json() {
    }

    static ObjectNode number(ObjectNode node, String name, Double value) {
        return value == null || !Double.isFinite(value) ? node.putNull(name) : node.put(name, value);
    }
}
