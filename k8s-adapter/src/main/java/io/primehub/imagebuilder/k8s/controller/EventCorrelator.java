package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.primehub.imagebuilder.domain.reconcile.ConditionMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides how an event is written, as Kubernetes' own event recorder (client-go's {@code EventCorrelator}, which
 * client-java's {@code LegacyEventBroadcaster} follows) decides it, so that a repeated event is one Event with a count
 * rather than many:
 *
 * <ul>
 *   <li><b>Counts.</b> An event equal to one already written (the same object, type, reason, message and reporter)
 *       is not created again: the Event written first is patched with {@code count} one higher, {@code lastTimestamp}
 *       now, and its {@code firstTimestamp} and name kept.
 *   <li><b>Aggregation.</b> When one object gets {@value #AGGREGATE_MAX_EVENTS} or more events of one type and reason
 *       with different messages, each within {@link #AGGREGATE_INTERVAL} of the one before, the next ones are counted
 *       on one Event whose message is the newest one after {@value #COMBINED}.
 *   <li><b>Spam filter.</b> Each object may get {@value #SPAM_BURST} events at once, then one more every {@link
 *       #SPAM_REFILL}; an event beyond that is not written (the recorder logs it), but counted: the next one written
 *       of its kind carries the count of them all.
 * </ul>
 *
 * What it remembers is bounded ({@value #MAX_ENTRIES} entries per table, the least recently used go first) and lives
 * in one process: a restarted controller creates a new Event for the next occurrence, as Kubernetes' components do.
 * Thread-safe: both reconcilers record through one correlator. The writes that follow a decision are not under its
 * lock: each object's events come from one reconciler, whose work queue reconciles one object on one thread at a time,
 * so one object's writes are in order.
 */
final class EventCorrelator {

    static final int MAX_ENTRIES = 4096;
    static final int AGGREGATE_MAX_EVENTS = 10;
    static final Duration AGGREGATE_INTERVAL = Duration.ofMinutes(10);
    static final int SPAM_BURST = 25;
    static final Duration SPAM_REFILL = Duration.ofMinutes(5);
    static final String COMBINED = "(combined from similar events): ";

    /** The longest message the API server stores whole. */
    static final int MAX_MESSAGE = 1024;

    /** The longest name of an object in Kubernetes (a DNS subdomain). */
    private static final int MAX_NAME = 253;

    /**
     * How to write an event.
     *
     * @param event the Event: with the name to create it under, or, when {@code patch}, the name of the Event written
     *              first and its new count, message and last time
     * @param patch whether the Event exists and is patched rather than created
     */
    record Correlated(CoreV1Event event, boolean patch) {}

    private record Seen(String name, int count, java.time.OffsetDateTime firstTimestamp) {}

    private static final class Similar {
        final Set<String> messages = new LinkedHashSet<>();
        Instant last;
    }

    private static final class Tokens {
        double tokens = SPAM_BURST;
        Instant refilled;
    }

    private final Map<String, Seen> seen = lru();
    private final Map<String, Similar> similar = lru();
    private final Map<String, Tokens> spam = lru();
    private long lastNanos;

    /**
     * How to write {@code event}, made with no name, count 1 and both timestamps {@code now}: the event is completed
     * in place (its name, and when it repeats one, its count, first time and message) and returned with whether to
     * create or patch it; empty when the spam filter drops it.
     */
    synchronized Optional<Correlated> correlate(CoreV1Event event, Instant now) {
        CoreV1Event written = event;
        String key = eventKey(event);
        Similar group = similar.computeIfAbsent(aggregateKey(event), k -> new Similar());
        if (group.last != null && Duration.between(group.last, now).compareTo(AGGREGATE_INTERVAL) > 0) {
            group.messages.clear();
        }
        group.last = now;
        group.messages.add(event.getMessage());
        if (group.messages.size() >= AGGREGATE_MAX_EVENTS) {
            // Keep the set from growing past the bound, as client-go does: any one message may go.
            group.messages.remove(group.messages.iterator().next());
            written.setMessage(ConditionMessages.fit(COMBINED + event.getMessage(), MAX_MESSAGE));
            key = aggregateKey(event);
        }
        Seen before = seen.get(key);
        Correlated result;
        if (before == null) {
            written.getMetadata().setName(name(event.getInvolvedObject().getName(), now));
            result = new Correlated(written, false);
        } else {
            written.getMetadata().setName(before.name());
            written.setCount(before.count() + 1);
            written.setFirstTimestamp(before.firstTimestamp());
            result = new Correlated(written, true);
        }
        seen.put(key, new Seen(written.getMetadata().getName(), written.getCount(), written.getFirstTimestamp()));
        // Filtered last, as client-go does: an occurrence that is not written still counts, so the next one written
        // says how often it happened.
        return allowed(spamKey(event), now) ? Optional.of(result) : Optional.empty();
    }

    /**
     * Forgets an Event that could not be made (its create failed, or its patch was refused), so that the next
     * occurrence creates one again.
     */
    synchronized void forget(CoreV1Event event) {
        seen.values().removeIf(s -> s.name().equals(event.getMetadata().getName()));
    }

    /** A token bucket per object: {@link #SPAM_BURST} at once, refilled one per {@link #SPAM_REFILL}. */
    private boolean allowed(String key, Instant now) {
        Tokens bucket = spam.computeIfAbsent(key, k -> new Tokens());
        if (bucket.refilled != null) {
            double elapsed = Duration.between(bucket.refilled, now).toMillis();
            bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + Math.max(0, elapsed) / SPAM_REFILL.toMillis());
        }
        bucket.refilled = now;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    /**
     * Kubernetes' naming: the object's name, a dot, and the time in nanoseconds as hex, each name later than the last
     * (two events in one nanosecond, or a clock that stands, get names of their own). The object's name is cut so
     * that the whole is a valid name.
     */
    private String name(String objectName, Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        lastNanos = Math.max(nanos, lastNanos + 1);
        String suffix = "." + Long.toHexString(lastNanos);
        String head = objectName;
        if (head.length() + suffix.length() > MAX_NAME) {
            head = objectName.substring(0, MAX_NAME - suffix.length());
            // A name's parts end in a letter or digit: no "-." or ".." where it was cut.
            while (!head.isEmpty() && !Character.isLetterOrDigit(head.charAt(head.length() - 1))) {
                head = head.substring(0, head.length() - 1);
            }
        }
        return head + suffix;
    }

    private static String spamKey(CoreV1Event event) {
        return join(reporter(event), object(event.getInvolvedObject()));
    }

    private static String aggregateKey(CoreV1Event event) {
        return join(
                reporter(event),
                object(event.getInvolvedObject()),
                List.of(nonNull(event.getType()), nonNull(event.getReason())));
    }

    private static String eventKey(CoreV1Event event) {
        return join(
                reporter(event),
                object(event.getInvolvedObject()),
                List.of(nonNull(event.getType()), nonNull(event.getReason()), nonNull(event.getMessage())));
    }

    private static List<String> reporter(CoreV1Event event) {
        return List.of(nonNull(event.getReportingComponent()), nonNull(event.getReportingInstance()));
    }

    private static List<String> object(V1ObjectReference ref) {
        return List.of(
                nonNull(ref.getApiVersion()),
                nonNull(ref.getKind()),
                nonNull(ref.getNamespace()),
                nonNull(ref.getName()),
                nonNull(ref.getUid()));
    }

    /** The parts, each with its length, so that no two different lists make one key. */
    @SafeVarargs
    private static String join(List<String>... parts) {
        StringBuilder key = new StringBuilder();
        for (List<String> part : parts) {
            for (String value : part) {
                key.append(value.length()).append(':').append(value);
            }
        }
        return key.toString();
    }

    private static String nonNull(String value) {
        return Objects.requireNonNullElse(value, "");
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
