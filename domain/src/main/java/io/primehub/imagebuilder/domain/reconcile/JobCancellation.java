package io.primehub.imagebuilder.domain.reconcile;

import java.util.Objects;

/** A job to cancel by writing {@code status}; the job reconciler then deletes its pod. */
public record JobCancellation(String jobName, JobState cancelledStatus) {

    public JobCancellation {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(cancelledStatus, "cancelledStatus");
    }
}
