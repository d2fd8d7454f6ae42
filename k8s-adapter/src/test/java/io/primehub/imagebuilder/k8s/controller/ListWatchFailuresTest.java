package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ListWatchFailuresTest {

    private static final String STORAGE_INITIALIZING = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"storage is (re)initializing","reason":"TooManyRequests","details":{"retryAfterSeconds":1},"code":429}""";

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final MovableClock clock = new MovableClock();
    private ListWatchFailures<V1Pod> failures;

    @BeforeEach
    void recordTheLog() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.ListWatchFailures." + System.nanoTime());
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        events.start();
        logger.addAppender(events);
        failures = new ListWatchFailures<>(logger, clock, stopping::get);
    }

    @Test
    void anApiServerThatIsStartingIsOneInfoLineWithoutAStackTraceThenDebug() {
        ApiException tooEarly = new ApiException(429, Map.of(), STORAGE_INITIALIZING);
        failures.accept(V1Pod.class, tooEarly);
        failures.accept(V1Pod.class, tooEarly);
        failures.accept(V1Pod.class, tooEarly);
        assertAll(
                () -> assertEquals(List.of(Level.INFO, Level.DEBUG, Level.DEBUG), levels()),
                () -> assertTrue(message(0).contains("storage is (re)initializing"), message(0)),
                () -> assertTrue(message(0).contains("V1Pod"), message(0)),
                () -> assertNull(events.list.get(0).getThrowableProxy(), "a stack trace was logged"));
    }

    @Test
    void aWatchEndedByAnInterruptIsExpected() {
        failures.accept(V1Pod.class, new RuntimeException("watch ended", new InterruptedException()));
        failures.accept(V1Pod.class, new InterruptedIOException("interrupted"));
        assertAll(
                () -> assertEquals(List.of(Level.INFO, Level.DEBUG), levels()),
                () -> assertTrue(message(0).contains("stopping"), message(0)),
                () -> assertNull(events.list.get(0).getThrowableProxy()));
    }

    @Test
    void anyFailureWhileTheControllerStopsIsExpected() {
        stopping.set(true);
        failures.accept(V1Pod.class, new IOException("Socket closed"));
        assertEquals(List.of(Level.INFO), levels());
    }

    @Test
    void aReadTimeoutIsAFailureNotAnInterrupt() {
        failures.accept(V1Pod.class, new SocketTimeoutException("timeout"));
        assertEquals(List.of(Level.WARN), levels());
    }

    @Test
    void aLastingFailureIsAWarningOnceAMinuteWithItsCount() {
        ApiException forbidden = new ApiException(
                403,
                Map.of(),
                "{\"kind\":\"Status\",\"message\":\"pods is forbidden: User \\\"x\\\" cannot list resource\",\"code\":403}");
        failures.accept(V1Pod.class, forbidden);
        for (int second = 1; second < 60; second++) {
            clock.advance(Duration.ofSeconds(1));
            failures.accept(V1Pod.class, forbidden);
        }
        clock.advance(Duration.ofSeconds(1));
        failures.accept(V1Pod.class, forbidden);
        List<ILoggingEvent> warnings =
                events.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertAll(
                () -> assertEquals(2, warnings.size(), levels().toString()),
                () -> assertTrue(
                        warnings.get(0)
                                .getFormattedMessage()
                                .contains("HTTP 403 (pods is forbidden: User \"x\" cannot list resource)"),
                        warnings.get(0).getFormattedMessage()),
                () -> assertTrue(
                        warnings.get(1).getFormattedMessage().contains("60 more times"),
                        warnings.get(1).getFormattedMessage()),
                () -> assertEquals(
                        59,
                        events.list.stream()
                                .filter(e -> e.getLevel() == Level.DEBUG)
                                .count()));
    }

    @Test
    void anObjectThatCannotBeDecodedIsAnError() {
        failures.accept(
                V1Pod.class,
                new IllegalArgumentException(
                        "The field `futureField` in the JSON string is not defined in the `V1PodStatus` properties"));
        assertAll(
                () -> assertEquals(List.of(Level.ERROR), levels()),
                () -> assertTrue(message(0).contains("futureField"), message(0)));
    }

    @Test
    void differentReasonsAreEachReported() {
        failures.accept(V1Pod.class, new IOException("connection reset"));
        failures.accept(V1Pod.class, new IOException("unexpected end of stream"));
        assertEquals(List.of(Level.WARN, Level.WARN), levels());
    }

    private List<Level> levels() {
        return events.list.stream().map(ILoggingEvent::getLevel).toList();
    }

    private String message(int index) {
        return events.list.get(index).getFormattedMessage();
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
