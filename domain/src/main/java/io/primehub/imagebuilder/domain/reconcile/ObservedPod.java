package io.primehub.imagebuilder.domain.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * A build pod as read from the cluster, reduced to what decides a job's status.
 *
 * @param name        {@code metadata.name}
 * @param phase       {@code status.phase}: Pending, Running, Succeeded, Failed or Unknown (empty before any)
 * @param reason      {@code status.reason}, e.g. {@code DeadlineExceeded}
 * @param message     {@code status.message}
 * @param startTime   {@code status.startTime}, or null
 * @param termination how the build container ended, or null while it has not
 * @param deleting    whether the pod has a deletion timestamp
 */
public record ObservedPod(
        String name,
        String phase,
        String reason,
        String message,
        Instant startTime,
        PodTermination termination,
        boolean deleting) {

    public ObservedPod {
        Objects.requireNonNull(name, "name");
        phase = Objects.requireNonNullElse(phase, "");
        reason = Objects.requireNonNullElse(reason, "");
        message = Objects.requireNonNullElse(message, "");
    }

    public boolean isFinished() {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
