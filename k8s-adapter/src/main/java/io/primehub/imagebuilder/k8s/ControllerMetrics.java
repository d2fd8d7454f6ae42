package io.primehub.imagebuilder.k8s;

import java.time.Duration;
import java.util.Optional;

/**
 * What the controller tells a metrics system about its work. The controller only calls it; the standalone jar
 * implements it with Prometheus' Java client and serves it on {@code /metrics}, and an embedder may pass its own
 * (each method records nothing unless overridden) or {@link #NONE}. Calls come from the reconcilers' worker threads: an
 * implementation must be thread-safe and must not block.
 */
public interface ControllerMetrics {

    /** Records nothing. */
    ControllerMetrics NONE = new ControllerMetrics() {};

    /**
     * This controller created a build pod.
     *
     * @param origin      the kind that asked for the build: {@code ImageSpec} or {@code Image}
     * @param sinceChange from the change that asked for it (its {@code updateTime}, or the job's creation when that
     *                    is later, as for a job of a spec last changed before this controller ran) to the pod's
     *                    creation
     */
    default void buildStarted(String origin, Duration sinceChange) {}

    /**
     * A job this controller works on ended: once per job and attempt, when its final status is written.
     *
     * @param phase    {@code Succeeded}, {@code Failed} or {@code Cancelled}
     * @param reason   its condition's reason ({@code Succeeded}, {@code AlreadyBuilt}, {@code PushFailed}, ...)
     * @param duration from the build pod's start to the job's end; empty when no pod started
     */
    default void buildFinished(String phase, String reason, Optional<Duration> duration) {}

    /**
     * One reconcile of {@code kind} ({@code imagespec}, {@code image} or {@code imagespecjob}) ended.
     *
     * @param failed whether it failed and is retried with back-off
     */
    default void reconciled(String kind, Duration took, boolean failed) {}
}
