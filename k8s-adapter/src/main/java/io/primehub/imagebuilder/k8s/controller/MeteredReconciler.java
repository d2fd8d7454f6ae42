package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.primehub.imagebuilder.k8s.ControllerMetrics;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Times each reconcile of one kind and tells {@link ControllerMetrics} whether it failed: an immediate requeue (the
 * work queue's back-off) is what the reconcilers answer on a failure; a requeue after a set time is planned work.
 * While it runs, and while the metrics are told, the thread's log lines carry the kind, namespace and name
 * ({@link LogFields}).
 */
public final class MeteredReconciler implements Reconciler {

    private final String kind;
    private final Reconciler delegate;
    private final ControllerMetrics metrics;
    private final LongSupplier nanoTime;

    public MeteredReconciler(String kind, Reconciler delegate, ControllerMetrics metrics, LongSupplier nanoTime) {
        this.kind = kind;
        this.delegate = delegate;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    @Override
    public Result reconcile(Request request) {
        long start = nanoTime.getAsLong();
        boolean failed = true;
        LogFields.begin(kind, request);
        try {
            Result result = delegate.reconcile(request);
            failed = result.isRequeue()
                    && (result.getRequeueAfter() == null
                            || result.getRequeueAfter().isZero());
            return result;
        } finally {
            // Still within the reconcile's log fields: what the metrics log or read belongs to this object. The fields
            // are cleared even when the metrics throw, so that the next reconcile on this thread starts without them.
            try {
                metrics.reconciled(kind, Duration.ofNanos(nanoTime.getAsLong() - start), failed);
            } finally {
                LogFields.end();
            }
        }
    }
}
