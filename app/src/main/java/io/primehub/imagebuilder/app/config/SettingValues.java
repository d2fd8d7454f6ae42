package io.primehub.imagebuilder.app.config;

import io.kubernetes.client.custom.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resolved settings (already layered: env, {@code .env}, YAML) read as typed values. A value that does
 * not parse adds a problem naming its key and answers the default, so that every problem is found in one go.
 * An empty value counts as unset.
 */
final class SettingValues {

    private static final Pattern SHORT_DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private final Map<String, String> values;
    private final List<String> problems;

    SettingValues(Map<String, String> values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    String text(String key, String fallback) {
        return text(key).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
        return parse(key, fallback, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("is neither true nor false");
        });
    }

    int integer(String key, int fallback, int min, int max) {
        return parse(key, fallback, text -> {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("is out of range (" + min + " to " + max + ")");
            }
            return value;
        });
    }

    /** A positive duration: ISO-8601 ({@code PT30M}) or a short form ({@code 30m}, {@code 1h30m}, {@code 90s}). */
    Duration duration(String key, Duration fallback) {
        return parse(key, fallback, SettingValues::parseDuration);
    }

    /** A Kubernetes resource quantity ({@code 500m}, {@code 2Gi}). */
    String quantity(String key, String fallback) {
        return parse(key, fallback, text -> {
            parseQuantity(text);
            return text;
        });
    }

    void problem(String message) {
        problems.add(message);
    }

    static Duration parseDuration(String text) {
        Duration duration;
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("is not a duration (ISO-8601 such as PT30M, or 30m, 1h30m, 90s)");
            }
        } else {
            Matcher m = SHORT_DURATION.matcher(text);
            if (text.isEmpty() || !m.matches()) {
                throw new IllegalArgumentException("is not a duration (ISO-8601 such as PT30M, or 30m, 1h30m, 90s)");
            }
            try {
                duration = Duration.ofHours(number(m.group(1)))
                        .plusMinutes(number(m.group(2)))
                        .plusSeconds(number(m.group(3)));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("is too long");
            }
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return duration;
    }

    static BigDecimal parseQuantity(String text) {
        try {
            return Quantity.fromString(text).getNumber();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a Kubernetes quantity (such as 500m, 2, 512Mi, 20Gi)");
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private <T> T parse(String key, T fallback, Function<String, T> parser) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(text.get());
        } catch (IllegalArgumentException e) {
            String shown = ConfigKeys.SECRETS.contains(key) ? "its value" : "\"" + text.get() + "\"";
            problems.add(key + ": " + shown + " " + e.getMessage());
            return fallback;
        }
    }
}
