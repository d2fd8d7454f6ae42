package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import java.util.Objects;

/**
 * A job as read from the cluster: what it builds, its generation and its status.
 *
 * @param job        the job's spec (and identity)
 * @param generation {@code metadata.generation}
 * @param state      its status
 */
public record ObservedJob(ImageSpecJob job, long generation, JobState state) {

    public ObservedJob {
        Objects.requireNonNull(job, "job");
        state = Objects.requireNonNullElse(state, JobState.NEW);
    }

    public String name() {
        return job.name();
    }

    /** The name of the build pod of the job's current update time. */
    public String desiredPodName() {
        return BuildPodNames.podName(job.name(), job.updateTime());
    }
}
