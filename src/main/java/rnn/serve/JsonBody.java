package rnn.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;

/**
 * A request's JSON object, read strictly: an unknown field, a field of the wrong type or a number out of
 * range is a 400 that names the field, rather than a default silently taken.
 */
final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** The body as a JSON object with no field outside {@code fields}. */
    static JsonBody parse(byte[] body, List<String> fields) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "the body is not valid JSON (" + e.getOriginalMessage() + "); send one JSON object");
        } catch (java.io.IOException e) {
            throw new HttpError(400, "the body cannot be read as JSON: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode() || !tree.isObject()) {
            throw new HttpError(400, "the body must be one JSON object, e.g. {\"prime\": \"ROMEO:\", \"length\": 200}");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new HttpError(400, "unknown field \"" + name + "\"; the fields are " + String.join(", ", fields));
            }
        }
        return new JsonBody((ObjectNode) tree);
    }

    private JsonNode given(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static HttpError wrongType(String field, String kind, JsonNode value) {
        return new HttpError(400, "\"" + field + "\" must be " + kind + " (got " + value + ")");
    }

    String text(String field, String fallback) {
        JsonNode value = given(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.textValue();
    }

    /** A whole number between {@code min} and {@code max}. */
    int whole(String field, int fallback, int min, int max) {
        JsonNode value = given(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw wrongType(field, "a whole number from " + min + " to " + max, value);
        }
        return value.intValue();
    }

    Long wholeOrNull(String field) {
        JsonNode value = given(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "a whole number (a 64-bit integer)", value);
        }
        return value.longValue();
    }

    /** A number within [min, max], or (min, max] when {@code minExcluded}. */
    double number(String field, double fallback, double min, boolean minExcluded, double max) {
        JsonNode value = given(field);
        if (value == null) {
            return fallback;
        }
        double x = value.isNumber() ? value.doubleValue() : Double.NaN;
        if (!(minExcluded ? x > min : x >= min) || !(x <= max)) {
            throw wrongType(field, "a number " + (minExcluded ? "above " : "from ") + rnn.Numbers.plain(min)
                    + (minExcluded ? " and at most " : " to ") + rnn.Numbers.plain(max), value);
        }
        return x;
    }

    boolean flag(String field) {
        JsonNode value = given(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", value);
        }
        return value.booleanValue();
    }
}
