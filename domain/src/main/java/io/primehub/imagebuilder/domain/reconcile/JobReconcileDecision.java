package io.primehub.imagebuilder.domain.reconcile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of the job reconciler, to be applied in this order: create the build pod, write the status,
 * delete pods.
 *
 * @param podName      the build pod of the job's current attempt
 * @param createPod    whether to create it (a 409 AlreadyExists means it is there: fine)
 * @param newStatus    the status to write, empty when it is unchanged
 * @param podsToDelete pods of the job to delete: earlier attempts, or the pod of a cancelled job
 */
public record JobReconcileDecision(
        String podName, boolean createPod, Optional<JobState> newStatus, List<String> podsToDelete) {

    public JobReconcileDecision {
        Objects.requireNonNull(podName, "podName");
        newStatus = Objects.requireNonNullElse(newStatus, Optional.empty());
        podsToDelete = List.copyOf(podsToDelete);
    }

    /** Whether applying it makes no API write at all. */
    public boolean isNothing() {
        return !createPod && newStatus.isEmpty() && podsToDelete.isEmpty();
    }
}
