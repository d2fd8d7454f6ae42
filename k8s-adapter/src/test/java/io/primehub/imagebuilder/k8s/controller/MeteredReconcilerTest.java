package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.primehub.imagebuilder.k8s.ControllerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MeteredReconcilerTest {

    /** What the metrics were told, and the object's name in the log fields as they were told. */
    private record Reconciled(String kind, Duration took, boolean failed, String name) {
        Reconciled(String kind, Duration took, boolean failed) {
            this(kind, took, failed, "a");
        }
    }

    private final List<Reconciled> seen = new ArrayList<>();
    private final ControllerMetrics metrics = new ControllerMetrics() {
        @Override
        public void reconciled(String kind, Duration took, boolean failed) {
            seen.add(new Reconciled(kind, took, failed, MDC.get("name")));
        }
    };
    private final AtomicLong clock = new AtomicLong();

    private final List<Map<String, String>> fieldsDuring = new ArrayList<>();

    private MeteredReconciler metered(Result answer) {
        return new MeteredReconciler(
                "imagespecjob",
                request -> {
                    clock.addAndGet(Duration.ofMillis(7).toNanos());
                    LogFields.revision("1a2b3c4d");
                    fieldsDuring.add(MDC.getCopyOfContextMap());
                    return answer;
                },
                metrics,
                clock::get);
    }

    private static boolean noFieldsLeft() {
        Map<String, String> left = MDC.getCopyOfContextMap();
        return left == null || left.isEmpty();
    }

    @Test
    void timesAReconcileAndPassesItsAnswerOn() {
        Result done = new Result(false);
        assertSame(done, metered(done).reconcile(new Request("hub", "a")));
        assertEquals(List.of(new Reconciled("imagespecjob", Duration.ofMillis(7), false)), seen);
        assertEquals(
                List.of(Map.of("kind", "imagespecjob", "namespace", "hub", "name", "a", "revision", "1a2b3c4d")),
                fieldsDuring,
                "the log fields while it ran");
        assertTrue(noFieldsLeft(), "no log field is left on the worker thread: " + MDC.getCopyOfContextMap());
    }

    @Test
    void anImmediateRequeueIsAFailureAndARequeueAfterATimeIsPlannedWork() {
        metered(new Result(true)).reconcile(new Request("hub", "a"));
        metered(new Result(true, Duration.ZERO)).reconcile(new Request("hub", "a"));
        metered(new Result(true, Duration.ofMinutes(5))).reconcile(new Request("hub", "a"));
        assertEquals(
                List.of(true, true, false),
                seen.stream().map(Reconciled::failed).toList());
    }

    @Test
    void aReconcileThatThrowsIsAFailureAndStillThrows() {
        MeteredReconciler throwing = new MeteredReconciler(
                "imagespec",
                request -> {
                    throw new IllegalStateException("boom");
                },
                metrics,
                clock::get);
        assertThrows(IllegalStateException.class, () -> throwing.reconcile(new Request("hub", "a")));
        assertEquals(List.of(new Reconciled("imagespec", Duration.ZERO, true)), seen);
        assertTrue(noFieldsLeft(), "no log field is left after a throw: " + MDC.getCopyOfContextMap());
    }
}
