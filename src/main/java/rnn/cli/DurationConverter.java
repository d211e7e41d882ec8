package rnn.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "90s", "10m", "2h", "1h30m", or plain seconds "45" into a Duration. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)([hms])");

    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (text.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        }
        Matcher m = PART.matcher(text);
        long millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            millis += Math.round(amount * switch (m.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                default -> 1_000;
            });
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 90s, 10m, 2h or 1h30m");
        }
        return Duration.ofMillis(millis);
    }
}
