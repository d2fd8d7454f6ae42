package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00.123456789Z");

    private final EventCorrelator correlator = new EventCorrelator();

    @Test
    void aFirstEventIsCreatedUnderKubernetesName() {
        EventCorrelator.Correlated first = correlate("s", "uid-1", "BuildFailed", "pull failed", T0);

        assertFalse(first.patch());
        long nanos = T0.getEpochSecond() * 1_000_000_000L + T0.getNano();
        assertEquals("s." + Long.toHexString(nanos), first.event().getMetadata().getName());
        assertEquals(1, first.event().getCount());
        assertEquals("pull failed", first.event().getMessage());
    }

    @Test
    void theSameEventAgainRaisesTheCountOfTheFirst() {
        EventCorrelator.Correlated first = correlate("s", "uid-1", "BuildFailed", "pull failed", T0);
        EventCorrelator.Correlated second =
                correlate("s", "uid-1", "BuildFailed", "pull failed", T0.plus(Duration.ofMinutes(3)));
        EventCorrelator.Correlated third =
                correlate("s", "uid-1", "BuildFailed", "pull failed", T0.plus(Duration.ofMinutes(4)));

        assertTrue(second.patch());
        assertTrue(third.patch());
        assertEquals(
                first.event().getMetadata().getName(),
                third.event().getMetadata().getName());
        assertEquals(3, third.event().getCount());
        assertEquals(second(T0), third.event().getFirstTimestamp());
        assertEquals(second(T0.plus(Duration.ofMinutes(4))), third.event().getLastTimestamp());
    }

    @Test
    void anotherMessageReasonOrObjectIsAnEventOfItsOwn() {
        EventCorrelator.Correlated first = correlate("s", "uid-1", "BuildFailed", "pull failed", T0);

        List<EventCorrelator.Correlated> others = List.of(
                correlate("s", "uid-1", "BuildFailed", "push failed", T0),
                correlate("s", "uid-1", "InvalidSpec", "pull failed", T0),
                // The spec deleted and made again under its name: another object.
                correlate("s", "uid-2", "BuildFailed", "pull failed", T0),
                correlate("t", "uid-3", "BuildFailed", "pull failed", T0));

        Set<String> names = new HashSet<>(Set.of(first.event().getMetadata().getName()));
        for (EventCorrelator.Correlated other : others) {
            assertFalse(other.patch(), other.event().toJson());
            assertEquals(1, other.event().getCount());
            assertTrue(names.add(other.event().getMetadata().getName()), "names differ, even in one nanosecond");
        }
    }

    @Test
    void theTenthDifferentMessageOfOneReasonStartsACombinedEventThatLaterOnesCount() {
        for (int i = 1; i < EventCorrelator.AGGREGATE_MAX_EVENTS; i++) {
            EventCorrelator.Correlated plain =
                    correlate("s", "uid-1", "BuildFailed", "failure " + i, T0.plusSeconds(i * 60L));
            assertFalse(plain.patch());
            assertEquals("failure " + i, plain.event().getMessage());
        }

        EventCorrelator.Correlated tenth = correlate("s", "uid-1", "BuildFailed", "failure 10", T0.plusSeconds(600));
        EventCorrelator.Correlated eleventh = correlate("s", "uid-1", "BuildFailed", "failure 11", T0.plusSeconds(660));
        EventCorrelator.Correlated otherReason = correlate("s", "uid-1", "InvalidSpec", "bad", T0.plusSeconds(660));

        assertFalse(tenth.patch());
        assertEquals(EventCorrelator.COMBINED + "failure 10", tenth.event().getMessage());
        assertTrue(eleventh.patch());
        assertEquals(
                tenth.event().getMetadata().getName(),
                eleventh.event().getMetadata().getName());
        assertEquals(2, eleventh.event().getCount());
        assertEquals(EventCorrelator.COMBINED + "failure 11", eleventh.event().getMessage());
        assertEquals("bad", otherReason.event().getMessage());
    }

    @Test
    void similarEventsFurtherApartThanTheIntervalAreNotCombined() {
        Instant at = T0;
        for (int i = 1; i <= EventCorrelator.AGGREGATE_MAX_EVENTS + 2; i++) {
            EventCorrelator.Correlated plain = correlate("s", "uid-1", "BuildFailed", "failure " + i, at);
            assertEquals("failure " + i, plain.event().getMessage());
            assertFalse(plain.patch());
            at = at.plus(EventCorrelator.AGGREGATE_INTERVAL).plusSeconds(1);
        }
    }

    @Test
    void aFloodOnOneObjectIsCutAndRefilledOneEventPerInterval() {
        for (int i = 0; i < EventCorrelator.SPAM_BURST; i++) {
            assertTrue(attempt("s", "uid-1", "BuildFailed", "failure", T0).isPresent(), "event " + i);
        }
        assertTrue(attempt("s", "uid-1", "BuildFailed", "failure", T0).isEmpty(), "beyond the burst");
        assertTrue(attempt("t", "uid-2", "BuildFailed", "failure", T0).isPresent(), "another object is not held");

        Instant almost = T0.plus(EventCorrelator.SPAM_REFILL).minusSeconds(1);
        assertTrue(attempt("s", "uid-1", "BuildFailed", "failure", almost).isEmpty(), "not refilled yet");
        Instant refilled = T0.plus(EventCorrelator.SPAM_REFILL);
        EventCorrelator.Correlated next =
                attempt("s", "uid-1", "BuildFailed", "failure", refilled).orElseThrow();
        assertTrue(
                attempt("s", "uid-1", "BuildStarted", "started", refilled).isEmpty(), "one per interval, any reason");
        assertEquals(EventCorrelator.SPAM_BURST + 3, next.event().getCount(), "the occurrences left out are counted");
    }

    @Test
    void aForgottenEventIsCreatedAgain() {
        EventCorrelator.Correlated first = correlate("s", "uid-1", "BuildFailed", "pull failed", T0);
        correlator.forget(first.event());

        EventCorrelator.Correlated again = correlate("s", "uid-1", "BuildFailed", "pull failed", T0.plusSeconds(1));

        assertFalse(again.patch());
        assertEquals(1, again.event().getCount());
        assertNotEquals(
                first.event().getMetadata().getName(),
                again.event().getMetadata().getName());
    }

    @Test
    void aLongObjectNameIsCutSoThatTheEventNameIsValid() {
        String name = "a".repeat(253);

        String eventName = correlate(name, "uid-1", "BuildFailed", "x", T0)
                .event()
                .getMetadata()
                .getName();

        assertEquals(253, eventName.length());
        assertTrue(eventName.matches("a+\\.[0-9a-f]+"), eventName);
    }

    @Test
    void concurrentRecordsOfOneEventCreateItOnceAndCountEveryOne() throws Exception {
        int threads = 8;
        int each = 3; // 24 within the burst of 25
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<EventCorrelator.Correlated>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<EventCorrelator.Correlated> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(correlate("s", "uid-1", "BuildStarted", "job s-1 started", T0));
                    }
                    return mine;
                }));
            }
            List<EventCorrelator.Correlated> all = new ArrayList<>();
            for (Future<List<EventCorrelator.Correlated>> future : futures) {
                all.addAll(future.get());
            }
            assertEquals(1, all.stream().filter(c -> !c.patch()).count(), "created once");
            Set<Integer> counts = new HashSet<>();
            all.forEach(c -> counts.add(c.event().getCount()));
            assertEquals(threads * each, counts.size(), "every count from 1 to " + threads * each + " once");
        } finally {
            pool.shutdownNow();
        }
    }

    private EventCorrelator.Correlated correlate(String name, String uid, String reason, String message, Instant now) {
        return attempt(name, uid, reason, message, now).orElseThrow();
    }

    private Optional<EventCorrelator.Correlated> attempt(
            String name, String uid, String reason, String message, Instant now) {
        CoreV1Event event = new CoreV1Event()
                .metadata(new V1ObjectMeta().namespace("hub"))
                .involvedObject(new V1ObjectReference()
                        .apiVersion("primehub.io/v1alpha1")
                        .kind("ImageSpec")
                        .namespace("hub")
                        .name(name)
                        .uid(uid))
                .type("Warning")
                .reason(reason)
                .message(message)
                .source(new V1EventSource().component(EventRecorder.COMPONENT))
                .reportingComponent(EventRecorder.COMPONENT)
                .reportingInstance("replica-1")
                .firstTimestamp(second(now))
                .lastTimestamp(second(now))
                .count(1);
        return correlator.correlate(event, now);
    }

    private static OffsetDateTime second(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC).withNano(0);
    }
}
