package io.primehub.imagebuilder.k8s.controller;

import com.google.gson.JsonParseException;
import io.kubernetes.client.openapi.ApiException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What an informer's list-and-watch loop does with a failure, in place of the client's default (an ERROR with a stack
 * trace, every second, for as long as the failure lasts). The loop retries by itself in every case; this only
 * decides what an operator sees:
 * <ul>
 *   <li>an API server that is starting ({@code 429}, "storage is (re)initializing") or a watch ended because the
 *   informer is being stopped (an interrupt) is expected: one INFO line without a stack trace, then DEBUG;</li>
 *   <li>anything else is a WARN with the kind and the reason (an ERROR when an object cannot be decoded), once per
 *   distinct reason and then at most once a minute with the number of repeats, so that a lasting failure stays
 *   visible without flooding the log; the stack trace is at DEBUG.</li>
 * </ul>
 */
final class ListWatchFailures<T> implements BiConsumer<Class<T>, Throwable> {

    static final Duration REPEAT_INTERVAL = Duration.ofMinutes(1);
    private static final int TOO_MANY_REQUESTS = 429;

    private final Logger log;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final ConcurrentHashMap<String, Repeats> seen = new ConcurrentHashMap<>();

    /** @param stopping whether the informers are being stopped, when a closed watch is what was asked for */
    ListWatchFailures(Clock clock, BooleanSupplier stopping) {
        this(LoggerFactory.getLogger(ListWatchFailures.class), clock, stopping);
    }

    ListWatchFailures(Logger log, Clock clock, BooleanSupplier stopping) {
        this.log = log;
        this.clock = clock;
        this.stopping = stopping;
    }

    @Override
    public void accept(Class<T> kind, Throwable failure) {
        String what = kind.getSimpleName();
        if (stopping.getAsBoolean() || isInterrupt(failure)) {
            logOnce(what + ":stopped", Level.INFO, "list-and-watch of {} ended: the informer is stopping", what);
            return;
        }
        if (failure instanceof ApiException api && api.getCode() == TOO_MANY_REQUESTS) {
            logOnce(
                    what + ":429",
                    Level.INFO,
                    "list-and-watch of {}: the API server is not ready yet (HTTP 429: {});" + " retrying",
                    what,
                    ApiErrors.message(api));
            return;
        }
        String reason = reason(failure);
        Repeats repeats = seen.computeIfAbsent(what + ":" + reason, key -> new Repeats());
        Instant now = clock.instant();
        long skipped = repeats.countAndMaybeReport(now);
        // An object this client cannot decode stops the informer for its whole kind: a defect, not a hiccup.
        Level level = failure instanceof JsonParseException || failure instanceof IllegalArgumentException
                ? Level.ERROR
                : Level.WARN;
        if (skipped == 0) {
            log.atLevel(level).log("list-and-watch of {} failed: {}; retrying", what, reason);
        } else if (skipped > 0) {
            log.atLevel(level)
                    .log(
                            "list-and-watch of {} failed again ({} more times in the last {}): {}; retrying",
                            what,
                            skipped,
                            REPEAT_INTERVAL,
                            reason);
        } else {
            log.debug("list-and-watch of {} failed: {}", what, reason, failure);
        }
    }

    private void logOnce(String key, Level first, String format, Object... arguments) {
        boolean firstTime = seen.putIfAbsent(key, new Repeats()) == null;
        log.atLevel(firstTime ? first : Level.DEBUG).log(format, arguments);
    }

    /** The failure in one line: an API error's HTTP status and message, else the exception and its cause. */
    static String reason(Throwable failure) {
        if (failure instanceof ApiException api) {
            String message = ApiErrors.message(api);
            return "HTTP " + api.getCode() + (message.isEmpty() ? "" : " (" + message + ")");
        }
        StringBuilder text = new StringBuilder(describe(failure));
        Throwable cause = failure.getCause();
        if (cause != null && cause != failure) {
            text.append(", caused by ").append(describe(cause));
        }
        return text.toString();
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private static boolean isInterrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException
                    || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** How often one reason was seen, and when it was last reported. */
    private static final class Repeats {
        private final AtomicLong sinceReport = new AtomicLong(-1);
        private volatile Instant reportedAt = Instant.MIN;

        /**
         * Counts one occurrence; returns 0 when it is the first (report it), the number of occurrences since the
         * last report when that was at least {@link #REPEAT_INTERVAL} ago (report them), else -1 (keep quiet).
         */
        synchronized long countAndMaybeReport(Instant now) {
            long count = sinceReport.incrementAndGet();
            if (count == 0 || !now.isBefore(reportedAt.plus(REPEAT_INTERVAL))) {
                reportedAt = now;
                sinceReport.set(0);
                return count;
            }
            return -1;
        }
    }
}
