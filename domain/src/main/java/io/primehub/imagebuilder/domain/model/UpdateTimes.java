package io.primehub.imagebuilder.domain.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@code spec.updateTime} as PrimeHub means it: an instant, at the whole seconds that PrimeHub's controller keeps
 * (Kubernetes' {@code metav1.Time} is written in RFC 3339 without fractions). PrimeHub's console writes
 * {@code 2026-12-01T08:00:00.000Z}, PrimeHub's controller copies it to the job as {@code 2026-12-01T08:00:00Z}, and an
 * older console sent {@code 2026-12-01T08:00:00.123Z}: all three are the same time, and comparing them as text would
 * start a build nobody asked for. A value that is not an RFC 3339 time is compared as it is written.
 */
public final class UpdateTimes {

    private UpdateTimes() {}

    /**
     * The one spelling of an update time: {@code yyyy-MM-ddTHH:mm:ssZ} in UTC, at whole seconds; empty for empty; the
     * text itself when it is not a time.
     */
    public static String canonical(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        return instant(text).map(DateTimeFormatter.ISO_INSTANT::format).orElse(text);
    }

    /** The instant an update time names, at whole seconds; empty when it is empty or not an RFC 3339 time. */
    public static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant().truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeParseException notATime) {
            return Optional.empty();
        }
    }

    /**
     * The update time that asks for a new build: now, at whole seconds, or one second after the current one when that
     * is not earlier (a rebuild within the second of the last one must still be a later time).
     */
    public static String next(String current, Instant now) {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        Instant after = instant(current)
                .map(t -> t.plusSeconds(1))
                .filter(t -> t.isAfter(second))
                .orElse(second);
        return DateTimeFormatter.ISO_INSTANT.format(after);
    }

    /** Whether two update times name the same second. */
    public static boolean same(String a, String b) {
        return canonical(a).equals(canonical(b));
    }
}
