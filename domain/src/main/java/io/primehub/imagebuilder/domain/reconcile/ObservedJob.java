package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import java.util.Objects;

/**
 * A job as read from the cluster: what it builds, its generation and its status.
 *
 * <p>A job this controller created or last asked to rebuild carries the
 * {@link ImageSpecJob#BUILD_ATTEMPT_ANNOTATION}: its build attempt is the one that its {@code updateTime} names (see
 * {@link BuildPodNames}). A job without it was made by someone else (PrimeHub's own controller, or a version of this
 * one from before the annotation): once it has recorded a pod in {@code status.podName}, that pod is its attempt,
 * whatever it is called. Such a job is adopted as it is: a finished one stays finished, a running pod is followed to
 * its end, and no pod is made or deleted for it until its spec asks for a rebuild.
 *
 * @param job        the job's spec (and identity)
 * @param generation {@code metadata.generation}
 * @param state      its status
 * @param managed    whether this controller manages the job's build attempts (the annotation is there)
 */
public record ObservedJob(ImageSpecJob job, long generation, JobState state, boolean managed) {

    public ObservedJob {
        Objects.requireNonNull(job, "job");
        state = Objects.requireNonNullElse(state, JobState.NEW);
    }

    /** A job whose build attempts this controller manages. */
    public ObservedJob(ImageSpecJob job, long generation, JobState state) {
        this(job, generation, state, true);
    }

    public String name() {
        return job.name();
    }

    /** Whether the job's current attempt is one that another controller started: see the class comment. */
    public boolean adopted() {
        return !managed && !state.podName().isEmpty();
    }

    /**
     * Whether the status reports on the job's current attempt: false for a new job, and for one whose rebuild was asked
     * for and has not started yet (its status still tells of the attempt before).
     */
    public boolean reportsCurrentAttempt() {
        return state.podName().equals(desiredPodName());
    }

    /** The name of the build pod of the job's current attempt. */
    public String desiredPodName() {
        return adopted() ? state.podName() : BuildPodNames.podName(job.name(), job.updateTime());
    }
}
